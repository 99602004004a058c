import type { InstanceKey } from '../tracker/ports.ts';

/**
 * Every error an instance store throws derives from {@link StoreError}: a stable `code`, the `cause`
 * and a `retryable` flag, so callers branch without reading messages or SDK error names.
 */

export const StoreErrorCode = {
  /** A conditional write lost to a concurrent writer and the outcome could not be settled. */
  Conflict: 'store_conflict',
  /** The item the operation needs does not exist (or has expired). */
  NotFound: 'store_not_found',
  /** The backing service did not serve the call: throttling, 5xx, network, or a refusal such as a missing table. */
  Unavailable: 'store_unavailable',
} as const;
export type StoreErrorCode = (typeof StoreErrorCode)[keyof typeof StoreErrorCode];

export interface StoreErrorOptions {
  readonly cause?: unknown;
  readonly retryable?: boolean;
}

export class StoreError extends Error {
  readonly code: StoreErrorCode;
  readonly retryable: boolean;

  constructor(code: StoreErrorCode, message: string, options: StoreErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retryable = options.retryable ?? false;
  }
}

export class StoreNotFoundError extends StoreError {
  readonly key: InstanceKey;

  constructor(key: InstanceKey, options: StoreErrorOptions = {}) {
    super(StoreErrorCode.NotFound, `instance ${key.project}/${key.instanceId} is not tracked`, options);
    this.key = { project: key.project, instanceId: key.instanceId };
  }
}

export class StoreConflictError extends StoreError {
  constructor(message: string, options: StoreErrorOptions = {}) {
    super(StoreErrorCode.Conflict, message, options);
  }
}

export class StoreUnavailableError extends StoreError {
  /** The store operation that failed, e.g. `claimOnce`. */
  readonly operation: string;

  constructor(operation: string, message: string, options: StoreErrorOptions = {}) {
    super(StoreErrorCode.Unavailable, `${operation}: ${message}`, options);
    this.operation = operation;
  }
}
