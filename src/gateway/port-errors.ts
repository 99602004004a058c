import {
  MaxComputeAbortedError,
  MaxComputeCostNotEstimableError,
  MaxComputeCredentialsError,
  MaxComputeError,
  MaxComputeInvalidInputError,
  MaxComputeRequestError,
  MaxComputeServiceError,
  MaxComputeSubmitOutcomeUnknownError,
} from '../maxcompute/errors.ts';
import { GatewayError } from '../tracker/gateway-error.ts';

/**
 * The client's errors in the port's terms (the cause kept for the log). An aborted call stays
 * `internal`: the caller that aborted it knows why, from its own signal. Errors that are not the
 * client's (a bug, a TypeError) pass unchanged.
 */
export function toPortError(error: unknown): unknown {
  if (!(error instanceof MaxComputeError)) return error;
  const options = { retryable: error.retryable, cause: error };
  if (error instanceof MaxComputeServiceError) {
    return new GatewayError('service', error.message, {
      ...options,
      serviceCode: error.serviceCode,
      serviceMessage: error.serviceMessage,
    });
  }
  // MaxCompute's answer about this SQL, its own code and words kept as any refusal's are.
  if (error instanceof MaxComputeCostNotEstimableError) {
    return new GatewayError('not_estimable', error.message, {
      ...options,
      serviceCode: error.odpsCode,
      serviceMessage: error.taskMessage,
    });
  }
  // STS's answer about the person's role: its code and words, for the one place that words it.
  if (error instanceof MaxComputeCredentialsError) {
    const { code, message } = credentialsCause(error.cause);
    return new GatewayError('identity_unavailable', error.message, {
      ...options,
      ...(code === undefined ? {} : { serviceCode: code }),
      serviceMessage: message,
    });
  }
  if (error instanceof MaxComputeSubmitOutcomeUnknownError) {
    return new GatewayError('submit_outcome_unknown', error.message, options);
  }
  if (error instanceof MaxComputeInvalidInputError) return new GatewayError('invalid_input', error.message, options);
  if (error instanceof MaxComputeAbortedError) return new GatewayError('internal', error.message, options);
  const unavailable = error.retryable || error instanceof MaxComputeRequestError;
  return new GatewayError(unavailable ? 'unavailable' : 'internal', error.message, options);
}

/** The credentials provider's error: STS's code (`NoPermission`) when it has a string one. */
function credentialsCause(cause: unknown): { code?: string; message: string } {
  const message = cause instanceof Error ? cause.message : String(cause);
  const code = typeof cause === 'object' && cause !== null ? (cause as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? { code, message } : { message };
}

/** Runs a call of the client, its errors in the port's terms. */
export async function inPortTerms<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toPortError(error);
  }
}
