import { invalid } from '../tracker/cost-guard-input.ts';
import { dayStartMs } from '../tracker/spend-ledger.ts';
import { expiresAtSeconds, isExpired } from './expiry.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The `expiresAt` of a spend day's item (epoch seconds): `retentionSeconds` past the day's end in any
 * time zone (two days after its start in UTC covers UTC-12, whose day ends 12 h after UTC's). A day
 * has one expiry, whenever it is written to. A day already past it is refused: its total reads 0,
 * and an add must not count on a lapsed item that TTL has not deleted yet.
 */
export function liveSpendDayExpiry(day: string, retentionSeconds: number, nowMs: number): number {
  const start = dayStartMs(day);
  if (start === undefined) return invalid('day', `must be a date as YYYY-MM-DD (got ${JSON.stringify(day)})`);
  const expiresAt = expiresAtSeconds(start + 2 * DAY_MS, retentionSeconds);
  if (isExpired(expiresAt, nowMs)) invalid('day', `${day} is past the spend ledger's retention`);
  return expiresAt;
}
