/**
 * Every failure of the STS client is an {@link StsError}: a stable `code`, the HTTP `status` when
 * there was an answer, STS's `requestId`, whether another attempt may succeed (`retryable`) and the
 * `cause`. A refusal by STS keeps STS's own code (`NoPermission`, `EntityNotExist.Role`, …); a
 * failure on our side has one of {@link StsClientErrorCode}. See docs/alicloud-sts.md, "Errors".
 */

export const StsClientErrorCode = {
  /** The input was refused before any request was sent. */
  InvalidInput: 'invalid_input',
  /** No answer: the connection failed, was reset or closed. */
  Network: 'network',
  /** No answer within `requestTimeoutMs`. */
  Timeout: 'timeout',
  /** The caller's AbortSignal fired. */
  Aborted: 'aborted',
  /** An answer whose body is not what STS sends (not JSON, no credentials, no error code). */
  MalformedResponse: 'malformed_response',
} as const;
export type StsClientErrorCode = (typeof StsClientErrorCode)[keyof typeof StsClientErrorCode];

export interface StsErrorDetails {
  /** STS's `Code`, or one of {@link StsClientErrorCode}. */
  readonly code: string;
  readonly message: string;
  readonly retryable: boolean;
  readonly status?: number;
  readonly requestId?: string;
  /** STS's `Recommend`: a link to its diagnosis page for this request. */
  readonly recommend?: string;
  readonly cause?: unknown;
}

export class StsError extends Error {
  readonly code: string;
  readonly status: number | undefined;
  readonly requestId: string | undefined;
  readonly recommend: string | undefined;
  readonly retryable: boolean;

  constructor(details: StsErrorDetails) {
    super(details.message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'StsError';
    this.code = details.code;
    this.status = details.status;
    this.requestId = details.requestId;
    this.recommend = details.recommend;
    this.retryable = details.retryable;
  }
}

export function invalidInput(message: string): StsError {
  return new StsError({ code: StsClientErrorCode.InvalidInput, message, retryable: false });
}

/**
 * Prefixes of codes that say the request itself is wrong, or the caller may not make it
 * (`SignatureDoesNotMatch`, `InvalidParameter.RoleArn`, `NoPermission`, …): the same request gets
 * the same answer, so it is never retried, whatever the status.
 */
const NEVER_RETRIED_PREFIXES = [
  'NoPermission',
  'EntityNotExist',
  'InvalidParameter',
  'MissingParameter',
  'Signature',
  'IncompleteSignature',
  'InvalidAccessKeyId',
  'InvalidSecurityToken',
  'MissingSecurityToken',
  'InvalidTimeStamp',
  'IllegalTimestamp',
  'Forbidden',
  'InvalidAction',
  'InvalidVersion',
];

/** STS's throttling codes (`Throttling`, `Throttling.User`, `Throttling.Api`) come with HTTP 400, so the code decides. */
const TRANSIENT_CODES = new Set(['ServiceUnavailable', 'InternalError', 'InternalServerError', 'UnknownError']);

/**
 * Whether a refusal by STS may pass on a later attempt: throttling and the service's own transient
 * failures, and any other 5xx or 429; never a refusal of the request or of the caller.
 */
export function isRetryableRefusal(code: string, status: number): boolean {
  if (NEVER_RETRIED_PREFIXES.some((prefix) => code.startsWith(prefix))) return false;
  if (code === 'Throttling' || code.startsWith('Throttling.')) return true;
  if (TRANSIENT_CODES.has(code)) return true;
  return status >= 500 || status === 429;
}
