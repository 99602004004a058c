import type { Clock } from './clock.ts';
import { backoffDelay, type RetryPolicy } from './retry-policy.ts';

/**
 * Whether an error says another attempt may succeed: every module's errors carry a `retryable` flag
 * (the store's, the MaxCompute port's and client's, Slack's, EventBridge's), so callers ask it
 * without knowing the module.
 */
export function isRetryable(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { retryable?: unknown }).retryable === true;
}

export interface RetryOptions {
  readonly policy: RetryPolicy;
  /** Where pauses and the deadline's time come from; tests pass a manual clock. */
  readonly clock: Clock;
  /** Ends the pauses early; then `onAbort` says what to throw (the last error by default). */
  readonly signal?: AbortSignal;
  readonly random?: () => number;
  /** Whether `error` may be retried; {@link isRetryable} by default. */
  readonly retryIf?: (error: unknown) => boolean;
  /**
   * The pause before attempt `next` (2, 3, …) after `error`, or undefined to give up. By default:
   * the policy's backoff while `retryIf` says yes.
   */
  readonly delay?: (error: unknown, next: number) => number | undefined;
  /** Told of each retry, for the log. */
  readonly onRetry?: (error: unknown, next: number, delayMs: number) => void;
  /** What to throw when the signal ends a pause: by default the error that caused it. */
  readonly onAbort?: (reason: unknown, error: unknown) => unknown;
  /** What to throw when the retries are spent (or the error may not be retried): the error itself by default. */
  readonly onGiveUp?: (error: unknown) => unknown;
}

/**
 * The one retry loop of the product and the client: runs `call` (given the attempt number, from 1),
 * and after a failure pauses as the policy (or `delay`) says and tries again, never past the
 * policy's retries or its deadline since the first attempt, nor past the signal.
 */
export async function withRetries<T>(call: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const { policy, clock } = options;
  const started = clock.now();
  const retryIf = options.retryIf ?? isRetryable;
  const delayOf =
    options.delay ??
    ((error: unknown, next: number) => (retryIf(error) ? backoffDelay(policy, next - 1, options.random) : undefined));
  for (let attempt = 1; ; attempt++) {
    try {
      return await call(attempt);
    } catch (error) {
      const pause = attempt > policy.retries ? undefined : delayOf(error, attempt + 1);
      if (pause === undefined || clock.now() - started + pause > policy.deadlineMs) {
        throw options.onGiveUp ? options.onGiveUp(error) : error;
      }
      options.onRetry?.(error, attempt + 1, pause);
      try {
        await clock.sleep(pause, options.signal);
      } catch (reason) {
        throw options.onAbort ? options.onAbort(reason, error) : error;
      }
    }
  }
}
