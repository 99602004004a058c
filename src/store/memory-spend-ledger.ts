import {
  checkSpendEntry,
  checkSpendKey,
  type SpendEntry,
  type SpendKey,
  type SpendLedger,
} from '../tracker/spend-ledger.ts';
import { spendItemKey } from './dynamodb-item-layout.ts';
import { DEFAULT_SPEND_RETENTION_SECONDS, isExpired } from './expiry.ts';
import { liveSpendDayExpiry } from './spend-day.ts';

export interface MemorySpendLedgerOptions {
  /** Epoch ms; days lapse against it. */
  readonly clock?: () => number;
  /** How long a day is kept after it ends, as in the DynamoDB ledger. Default 3 days. */
  readonly retentionSeconds?: number;
}

interface Day {
  readonly total: number;
  readonly runIds: Set<string>;
  /** Epoch seconds, as the DynamoDB item's TTL. */
  readonly expiresAt: number;
}

/**
 * A {@link SpendLedger} in this process's memory, for unit tests and local single-process runs. Each
 * add reads and writes in one synchronous step, so concurrent adds are as atomic as DynamoDB's. It
 * sums binary floats where DynamoDB sums decimals: totals may differ in the last digits.
 */
export class MemorySpendLedger implements SpendLedger {
  readonly #clock: () => number;
  readonly #retentionSeconds: number;
  readonly #days = new Map<string, Day>();

  constructor(options: MemorySpendLedgerOptions = {}) {
    this.#clock = options.clock ?? Date.now;
    this.#retentionSeconds = options.retentionSeconds ?? DEFAULT_SPEND_RETENTION_SECONDS;
  }

  async add(entry: SpendEntry): Promise<{ readonly total: number; readonly added: boolean }> {
    checkSpendEntry(entry);
    const expiresAt = liveSpendDayExpiry(entry.day, this.#retentionSeconds, this.#clock());
    // The DynamoDB item's key: scope ids and days hold no `#`, so keys of different days cannot meet.
    const { pk } = spendItemKey(entry);
    const day = this.#days.get(pk);
    if (day?.runIds.has(entry.runId)) return { total: day.total, added: false };
    const total = (day?.total ?? 0) + entry.amount;
    const runIds = day?.runIds ?? new Set<string>();
    runIds.add(entry.runId);
    this.#days.set(pk, { total, runIds, expiresAt });
    return { total, added: true };
  }

  async total(key: SpendKey): Promise<number> {
    checkSpendKey(key);
    const day = this.#days.get(spendItemKey(key).pk);
    return day && !isExpired(day.expiresAt, this.#clock()) ? day.total : 0;
  }
}
