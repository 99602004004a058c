import { NETWORK_ERROR_CODES } from '../shared/network-errors.ts';
import { StoreError, StoreUnavailableError } from './store-errors.ts';

/**
 * Turns what the AWS SDK throws into {@link StoreError}s. Matching is by `name`, `$fault` and
 * Node's `code`, never `instanceof`: a bundle may hold two copies of the SDK's error classes.
 */

/** Service errors that a later attempt may well get past (AWS's own retry guidance for DynamoDB). */
const RETRYABLE_SERVICE_ERRORS = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
]);

const NETWORK_ERROR_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'NetworkingError']);

interface SdkErrorShape {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly $fault?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: unknown };
}

export function isConditionalCheckFailed(error: unknown): boolean {
  return shapeOf(error).name === 'ConditionalCheckFailedException';
}

export function isRetryableSdkError(error: unknown): boolean {
  const { name, code, $fault, $metadata } = shapeOf(error);
  if (typeof name === 'string' && (RETRYABLE_SERVICE_ERRORS.has(name) || NETWORK_ERROR_NAMES.has(name))) return true;
  if (typeof code === 'string' && NETWORK_ERROR_CODES.has(code)) return true;
  const status = $metadata?.httpStatusCode;
  return $fault === 'server' || (typeof status === 'number' && status >= 500);
}

/**
 * Any failure of a store call as a StoreError. What is not transient (a missing table, a refused
 * credential, a validation error) is still `store_unavailable`, but not retryable: retrying will not help.
 */
export function toStoreError(operation: string, error: unknown): StoreError {
  if (error instanceof StoreError) return error;
  const name = shapeOf(error).name;
  const detail = error instanceof Error ? error.message : String(error);
  return new StoreUnavailableError(operation, `${typeof name === 'string' ? `${name}: ` : ''}${detail}`, {
    cause: error,
    retryable: isRetryableSdkError(error),
  });
}

function shapeOf(error: unknown): SdkErrorShape {
  return typeof error === 'object' && error !== null ? (error as SdkErrorShape) : {};
}
