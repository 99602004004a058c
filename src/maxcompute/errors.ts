/**
 * Every error the MaxCompute client throws derives from {@link MaxComputeError}: a stable `code`,
 * the `cause`, and a `retryable` flag the caller can act on without reading messages.
 * User-facing text is chosen elsewhere (one mapping in the Slack layer), never here.
 */

export const MaxComputeErrorCode = {
  /** The service answered with an error body (XML or JSON). */
  Service: 'maxcompute_service_error',
  /** The request never got a usable HTTP answer: connection refused, reset, timeout. */
  Request: 'maxcompute_request_error',
  /** The service answered 2xx, but the body could not be decoded. */
  Decode: 'maxcompute_decode_error',
  /** Input refused before any request was built (bad instance id, project, Logview URL...). */
  InvalidInput: 'maxcompute_invalid_input',
  /** A submission's request may or may not have created an instance; it was not retried. */
  SubmitOutcomeUnknown: 'maxcompute_submit_outcome_unknown',
  /** waitForCompletion / waitForSuccess ran past its timeout; the instance keeps running. */
  WaitTimeout: 'maxcompute_wait_timeout',
  /** The caller's AbortSignal fired. */
  Aborted: 'maxcompute_aborted',
  /** waitForSuccess: the instance terminated without every task succeeding. */
  InstanceFailed: 'maxcompute_instance_failed',
  /** A tunnel record or stream whose CRC32C does not match its bytes: never accepted. */
  ChecksumMismatch: 'maxcompute_checksum_mismatch',
  /** A result column of a type the tunnel reader does not decode (arrays, maps, structs). */
  UnsupportedType: 'maxcompute_unsupported_type',
  /** estimateSqlCost: MaxCompute refused to estimate the statement (DDL, external tables, SQL that does not compile). */
  CostNotEstimable: 'maxcompute_cost_not_estimable',
  /** The credentials provider could not give credentials (STS refused or was unreachable); nothing was sent. */
  CredentialsUnavailable: 'maxcompute_credentials_unavailable',
} as const;
export type MaxComputeErrorCode = (typeof MaxComputeErrorCode)[keyof typeof MaxComputeErrorCode];

export interface MaxComputeErrorOptions {
  readonly cause?: unknown;
  readonly retryable?: boolean;
}

export class MaxComputeError extends Error {
  readonly code: MaxComputeErrorCode;
  readonly retryable: boolean;

  constructor(code: MaxComputeErrorCode, message: string, options: MaxComputeErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retryable = options.retryable ?? false;
  }
}

/** Service error codes (the `<Code>` element) that a later attempt may well get past. */
const RETRYABLE_SERVICE_CODES = new Set([
  'InternalServerError',
  'ServiceUnavailable',
  'RequestTimeTooSkewed',
  'RequestTimeTooSkewd',
  'TooManyRequests',
  'ODPS-0010000',
  'ODPS-0420153',
  'ODPS-0430055',
]);

export interface ServiceErrorDetails {
  readonly httpStatus: number;
  /** `<Code>`: a class-like name (`NoSuchObject`) or an `ODPS-NNNNNNN` code. */
  readonly serviceCode: string;
  readonly serviceMessage: string;
  readonly requestId?: string;
  readonly hostId?: string;
  /** Seconds from a `Retry-After` header (409 on create, 429). */
  readonly retryAfterSeconds?: number;
}

/** The service said no: an `<Error>` body, or a bare error status with an undecodable body. */
export class MaxComputeServiceError extends MaxComputeError {
  readonly httpStatus: number;
  readonly serviceCode: string;
  readonly serviceMessage: string;
  readonly requestId: string | undefined;
  readonly hostId: string | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(details: ServiceErrorDetails, options: MaxComputeErrorOptions = {}) {
    super(
      MaxComputeErrorCode.Service,
      `${details.serviceCode}: ${details.serviceMessage}${details.requestId ? ` (request ${details.requestId})` : ''}`,
      { ...options, retryable: options.retryable ?? isRetryableService(details) },
    );
    this.httpStatus = details.httpStatus;
    this.serviceCode = details.serviceCode;
    this.serviceMessage = details.serviceMessage;
    this.requestId = details.requestId;
    this.hostId = details.hostId;
    this.retryAfterSeconds = details.retryAfterSeconds;
  }
}

function isRetryableService(details: ServiceErrorDetails): boolean {
  // Retry-After is the service saying "not now, later" (409 on a throttled create, 429).
  if (details.retryAfterSeconds !== undefined) return true;
  if ([429, 502, 503, 504].includes(details.httpStatus)) return true;
  const prefix = details.serviceCode.split(':')[0]?.trim() ?? '';
  return RETRYABLE_SERVICE_CODES.has(details.serviceCode) || RETRYABLE_SERVICE_CODES.has(prefix);
}

/** No usable HTTP answer. `connected` is false when the connection was never established. */
export class MaxComputeRequestError extends MaxComputeError {
  readonly connected: boolean;

  constructor(message: string, options: MaxComputeErrorOptions & { readonly connected: boolean }) {
    super(MaxComputeErrorCode.Request, message, { cause: options.cause, retryable: options.retryable ?? true });
    this.connected = options.connected;
  }
}

/** A 2xx body we could not make sense of. Malformed bodies are usually a truncated transfer, so retry. */
export class MaxComputeDecodeError extends MaxComputeError {
  /** What was being decoded, e.g. `taskstatus`. */
  readonly what: string;

  constructor(what: string, message: string, options: MaxComputeErrorOptions = {}) {
    super(MaxComputeErrorCode.Decode, `Cannot decode ${what}: ${message}`, {
      cause: options.cause,
      retryable: options.retryable ?? true,
    });
    this.what = what;
  }
}

export class MaxComputeInvalidInputError extends MaxComputeError {
  /** Which input was refused, e.g. `instanceId`. */
  readonly field: string;

  constructor(field: string, message: string) {
    super(MaxComputeErrorCode.InvalidInput, message, { retryable: false });
    this.field = field;
  }
}

/**
 * A create request failed after it may have reached the service. Retrying could start the SQL twice,
 * so the client reports it instead. `guid` is the job's unique identifier, for the record.
 */
export class MaxComputeSubmitOutcomeUnknownError extends MaxComputeError {
  readonly guid: string;

  constructor(guid: string, cause: unknown) {
    super(
      MaxComputeErrorCode.SubmitOutcomeUnknown,
      `The submission may or may not have created an instance (job guid ${guid}); it was not retried`,
      { cause, retryable: false },
    );
    this.guid = guid;
  }
}

export class MaxComputeWaitTimeoutError extends MaxComputeError {
  readonly instanceId: string;

  constructor(instanceId: string, timeoutMs: number) {
    super(MaxComputeErrorCode.WaitTimeout, `Instance ${instanceId} did not terminate within ${timeoutMs} ms`, {
      retryable: true,
    });
    this.instanceId = instanceId;
  }
}

export class MaxComputeAbortedError extends MaxComputeError {
  constructor(reason: unknown) {
    super(MaxComputeErrorCode.Aborted, 'The operation was aborted', { cause: reason, retryable: false });
  }
}

/**
 * waitForSuccess: the first task that did not succeed. For a `FAILED` task, `taskMessage` is its
 * result text (e.g. `ODPS-0130161:[1,8] Parse exception - invalid token 'fail'`) and `odpsCode`
 * the `ODPS-NNNNNNN` prefix; otherwise it reads `<task>, status=<STATUS>` as PyODPS words it.
 */
export class MaxComputeInstanceFailedError extends MaxComputeError {
  readonly instanceId: string;
  readonly taskName: string;
  readonly taskStatus: string;
  readonly taskMessage: string;
  readonly odpsCode: string | undefined;

  constructor(details: {
    readonly instanceId: string;
    readonly taskName: string;
    readonly taskStatus: string;
    readonly taskMessage: string;
  }) {
    super(MaxComputeErrorCode.InstanceFailed, `Instance ${details.instanceId}: ${details.taskMessage}`, {
      retryable: false,
    });
    this.instanceId = details.instanceId;
    this.taskName = details.taskName;
    this.taskStatus = details.taskStatus;
    this.taskMessage = details.taskMessage;
    this.odpsCode = /^(ODPS-\d{7})/.exec(details.taskMessage.trim())?.[1];
  }
}

/**
 * A tunnel record (or the whole stream's checksum of checksums) did not match what the server sent.
 * The rows are never handed out. Retryable: the bytes may have been damaged on the way, and the
 * reader asks for the range again from its first row not yet delivered.
 */
export class MaxComputeChecksumError extends MaxComputeError {
  /** The result row (0-based) whose record failed, or undefined for the stream's final checksum. */
  readonly row: number | undefined;

  constructor(message: string, row: number | undefined) {
    super(MaxComputeErrorCode.ChecksumMismatch, message, { retryable: true });
    this.row = row;
  }
}

/** A result column the tunnel reader cannot decode; found from the schema, before any row is read. */
export class MaxComputeUnsupportedTypeError extends MaxComputeError {
  readonly column: string;
  readonly columnType: string;

  constructor(column: string, columnType: string) {
    super(
      MaxComputeErrorCode.UnsupportedType,
      `Column ${column} has type ${columnType}, which the tunnel reader does not decode (arrays, maps and structs are not supported)`,
      { retryable: false },
    );
    this.column = column;
    this.columnType = columnType;
  }
}

/**
 * estimateSqlCost: the SQLCost task FAILED with an SQL error (`ODPS-01…`, the SQL module's codes):
 * MaxCompute will not estimate this statement as written. That covers what the service documents it
 * cannot estimate (DDL, external tables) and SQL that does not compile (a syntax error, a missing
 * table); `odpsCode` and `taskMessage` say which. The cause is the instance failure it came from.
 * Not retryable: the same statement gets the same answer.
 */
export class MaxComputeCostNotEstimableError extends MaxComputeError {
  readonly instanceId: string;
  readonly taskMessage: string;
  readonly odpsCode: string;

  constructor(failure: MaxComputeInstanceFailedError, odpsCode: string) {
    super(MaxComputeErrorCode.CostNotEstimable, `MaxCompute cannot estimate this SQL: ${failure.taskMessage}`, {
      cause: failure,
      retryable: false,
    });
    this.instanceId = failure.instanceId;
    this.taskMessage = failure.taskMessage;
    this.odpsCode = odpsCode;
  }
}

/**
 * The client's credentials provider failed before a request was signed (an STS AssumeRole refused,
 * throttled or unreachable), so nothing reached MaxCompute. `retryable` is the provider's own verdict
 * (its error's `retryable`); the request pipeline does not retry it again, since the provider retries
 * its own calls. The cause is the provider's error, for the caller to explain.
 */
export class MaxComputeCredentialsError extends MaxComputeError {
  constructor(cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(MaxComputeErrorCode.CredentialsUnavailable, `No credentials to sign with: ${reason}`, {
      cause,
      retryable: retryableCause(cause),
    });
  }
}

function retryableCause(cause: unknown): boolean {
  return typeof cause === 'object' && cause !== null && (cause as { retryable?: unknown }).retryable === true;
}
