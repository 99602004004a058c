import { NETWORK_ERROR_CODES } from '../shared/network-errors.ts';
/**
 * Every error the export store throws is an {@link ExportStoreError}: a stable `code`, the `cause`
 * and a `retryable` flag, so the caller decides between "try again later" and "tell the user"
 * without reading messages or SDK error names. Messages carry the S3 error code and text, never a
 * credential or a presigned URL (a presigned URL is itself a credential for its object).
 */

export const ExportStoreErrorCode = {
  /** S3 did not store or sign the export: throttling, 5xx, a refused connection, or a refusal such as a missing bucket. */
  Unavailable: 'export_store_unavailable',
  /** The caller's signal ended the upload before S3 had the whole object; nothing was kept. */
  Aborted: 'export_store_aborted',
} as const;
export type ExportStoreErrorCode = (typeof ExportStoreErrorCode)[keyof typeof ExportStoreErrorCode];

export interface ExportStoreErrorOptions {
  readonly cause?: unknown;
  readonly retryable?: boolean;
  /** S3's error code (`SlowDown`, `AccessDenied`, `NoSuchBucket`…) or Node's (`ECONNREFUSED`), when there is one. */
  readonly s3Code?: string;
  readonly httpStatus?: number;
}

export class ExportStoreError extends Error {
  readonly code: ExportStoreErrorCode;
  readonly retryable: boolean;
  readonly s3Code: string | undefined;
  readonly httpStatus: number | undefined;

  constructor(code: ExportStoreErrorCode, message: string, options: ExportStoreErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.s3Code = options.s3Code;
    this.httpStatus = options.httpStatus;
  }
}

export class ExportStoreAbortedError extends ExportStoreError {
  constructor(reason: unknown) {
    super(ExportStoreErrorCode.Aborted, 'the export upload was aborted', { cause: reason, retryable: false });
  }
}

/**
 * S3 error codes a later attempt may well get past (S3's "503 Slow Down", its 500s, and the SDK's
 * throttling names). Everything else S3 answers (AccessDenied, NoSuchBucket, InvalidAccessKeyId,
 * a KMS refusal) is a deployment problem: retrying will not help.
 */
const RETRYABLE_S3_CODES = new Set([
  'SlowDown',
  'ServiceUnavailable',
  'InternalError',
  'RequestTimeout',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'BandwidthLimitExceeded',
  'TimeoutError',
  'RequestTimeoutException',
]);

interface SdkErrorShape {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly Code?: unknown;
  readonly $fault?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: unknown };
}

/**
 * Matching is by `name`, `Code`, `$fault` and Node's `code`, never `instanceof`: a bundle may hold
 * two copies of the SDK's error classes.
 */
export function toExportStoreError(operation: string, error: unknown): ExportStoreError {
  if (error instanceof ExportStoreError) return error;
  const shape: SdkErrorShape = typeof error === 'object' && error !== null ? (error as SdkErrorShape) : {};
  const status = typeof shape.$metadata?.httpStatusCode === 'number' ? shape.$metadata.httpStatusCode : undefined;
  const s3Code = [shape.Code, shape.code, shape.name].find(
    (each): each is string => typeof each === 'string' && each !== 'Error',
  );
  const retryable =
    (s3Code !== undefined && (RETRYABLE_S3_CODES.has(s3Code) || NETWORK_ERROR_CODES.has(s3Code))) ||
    shape.$fault === 'server' ||
    status === 429 ||
    (status !== undefined && status >= 500);
  const detail = error instanceof Error ? error.message : String(error);
  return new ExportStoreError(
    ExportStoreErrorCode.Unavailable,
    `${operation}: ${s3Code ? `${s3Code}: ` : ''}${detail}`,
    { cause: error, retryable, s3Code, httpStatus: status },
  );
}
