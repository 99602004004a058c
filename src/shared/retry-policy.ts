/**
 * How the request pipeline retries a request that may succeed on a later attempt. Named values,
 * as in node-slack-sdk's retry-policies: production defaults and a fast one for tests.
 */
export interface RetryPolicy {
  /** Attempts after the first. */
  readonly retries: number;
  readonly minDelayMs: number;
  readonly maxDelayMs: number;
  readonly factor: number;
  /** No attempt starts after this much time since the first one. */
  readonly deadlineMs: number;
  /** Spread each pause over its upper half (default), so clients that failed together retry apart. */
  readonly jitter?: boolean;
}

/**
 * PyODPS's shape: 4 retries, 0.1 s doubling; with a 30 s deadline so Lambda time stays bounded.
 * See docs/maxcompute-protocol.md, "Retries".
 */
export const fourRetriesInThirtySeconds: RetryPolicy = {
  retries: 4,
  minDelayMs: 100,
  maxDelayMs: 10_000,
  factor: 2,
  deadlineMs: 30_000,
};

/** For tests: the same number of attempts, milliseconds apart. */
export const rapidRetryPolicy: RetryPolicy = {
  retries: 4,
  minDelayMs: 1,
  maxDelayMs: 10,
  factor: 2,
  deadlineMs: 5_000,
};

export const noRetryPolicy: RetryPolicy = { retries: 0, minDelayMs: 0, maxDelayMs: 0, factor: 1, deadlineMs: 0 };

/** Delay before retry number `attempt` (1-based): exponential, capped, with full jitter in the upper half. */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const exponential = Math.min(policy.maxDelayMs, policy.minDelayMs * policy.factor ** (attempt - 1));
  if (policy.jitter === false) return exponential;
  return Math.round(exponential / 2 + (random() * exponential) / 2);
}

/** Fixed doubling pauses without jitter, for callers whose pauses a test records (200, 400, … ms). */
export function doublingPolicy(retries: number, firstDelayMs: number, deadlineMs = 60_000): RetryPolicy {
  return {
    retries,
    minDelayMs: firstDelayMs,
    maxDelayMs: firstDelayMs * 2 ** retries,
    factor: 2,
    deadlineMs,
    jitter: false,
  };
}
