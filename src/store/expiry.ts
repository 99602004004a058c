/**
 * Expiry in whole epoch seconds, the unit of DynamoDB's TTL attribute. Both stores use these two
 * functions so a claim or an instance lapses at the same moment whichever adapter holds it.
 * An item lives at least as long as asked and at most about a second longer.
 */

/** The `expiresAt` to write for something created at `nowMs` that should live `ttlSeconds`. */
export function expiresAtSeconds(nowMs: number, ttlSeconds: number): number {
  if (!Number.isFinite(ttlSeconds) || ttlSeconds <= 0) {
    throw new RangeError(`ttlSeconds must be a positive number of seconds, got ${ttlSeconds}`);
  }
  return epochSeconds(nowMs) + Math.ceil(ttlSeconds);
}

/** The `:now` compared with `expiresAt`: an item is expired once `expiresAt < epochSeconds(now)`. */
export function epochSeconds(nowMs: number): number {
  return Math.floor(nowMs / 1000);
}

export function isExpired(expiresAt: number, nowMs: number): boolean {
  return expiresAt < epochSeconds(nowMs);
}

export const DEFAULT_INSTANCE_TTL_SECONDS = 7 * 24 * 60 * 60;

/** How long a run request is kept after its decision window: a late click is answered "expired", not "not found". */
export const DEFAULT_RUN_REQUEST_RETENTION_SECONDS = 7 * 24 * 60 * 60;

/** How long a day of the spend ledger is kept after it ended, for a look back at recent days. */
export const DEFAULT_SPEND_RETENTION_SECONDS = 3 * 24 * 60 * 60;
