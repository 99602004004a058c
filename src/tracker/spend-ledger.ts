import { checkKeyId, invalid } from './cost-guard-input.ts';

/**
 * The cost guard's daily budgets (issue #16): what each person and each channel has run today, as the
 * sum of the estimated prices of the queries submitted, in the configured currency. A run that would
 * take either over its budget waits for an approval.
 */

export type SpendScope = 'user' | 'channel';

export interface SpendKey {
  readonly scope: SpendScope;
  /** The Slack user or channel id. */
  readonly scopeId: string;
  /**
   * `YYYY-MM-DD`, computed by the caller in the configured time zone; the ledger only keys on it (and
   * forgets a day some days after it).
   */
  readonly day: string;
}

export interface SpendEntry extends SpendKey {
  /** The run's id (its run request's): a run is counted once however often it is added. */
  readonly runId: string;
  /** Its estimated price, not negative. */
  readonly amount: number;
}

/**
 * Where the daily sums are kept (DynamoDB on AWS, memory in unit tests). Adding is one atomic write,
 * so concurrent runs in a channel all count; sums are of floating-point amounts (DynamoDB adds them
 * as decimals), so compare totals with a tolerance. Days are kept a few days, then read as 0.
 */
export interface SpendLedger {
  /**
   * Adds `amount` to the day's total once per `runId`: again with the same run id, nothing is added
   * (`added: false`). `total` is the total after the call either way.
   */
  add(entry: SpendEntry): Promise<{ readonly total: number; readonly added: boolean }>;

  /** The day's total so far, read strongly; 0 when nothing was added. */
  total(key: SpendKey): Promise<number>;
}

const SCOPES: ReadonlySet<SpendScope> = new Set(['user', 'channel']);
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The key's parts, checked: each becomes part of a DynamoDB key. */
export function checkSpendKey(key: SpendKey): void {
  if (!SCOPES.has(key.scope)) invalid('scope', `must be user or channel (got ${JSON.stringify(key.scope)})`);
  checkKeyId('scopeId', key.scopeId);
  if (typeof key.day !== 'string' || dayStartMs(key.day) === undefined) {
    invalid('day', `must be a date as YYYY-MM-DD (got ${JSON.stringify(key.day)})`);
  }
}

export function checkSpendEntry(entry: SpendEntry): void {
  checkSpendKey(entry);
  checkKeyId('runId', entry.runId);
  if (typeof entry.amount !== 'number' || !Number.isFinite(entry.amount) || entry.amount < 0) {
    invalid('amount', `must be a finite number, not negative (got ${entry.amount})`);
  }
}

/** Epoch ms of the day's start in UTC, or undefined when it is no calendar date (`2024-02-30`). */
export function dayStartMs(day: string): number | undefined {
  const match = DAY.exec(day);
  if (!match) return undefined;
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const start = Date.UTC(year, month - 1, date);
  const parsed = new Date(start);
  const real = parsed.getUTCFullYear() === year && parsed.getUTCMonth() === month - 1 && parsed.getUTCDate() === date;
  return real ? start : undefined;
}
