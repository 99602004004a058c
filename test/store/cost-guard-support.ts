import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { type CostGuardInputCode, CostGuardInputError } from '../../src/tracker/cost-guard-input.ts';
import type { NewRunRequest, RunRequestStore } from '../../src/tracker/run-requests.ts';
import type { SpendLedger } from '../../src/tracker/spend-ledger.ts';
import { ManualClock } from '../support/manual-clock.ts';

/** What the cost guard's contracts give a factory: the clock records lapse against. */
export interface CostGuardStoreOptions {
  readonly clock: () => number;
}

/** Builds a store for one test. Stores may share a table, so every test uses ids of its own. */
export type RunRequestStoreFactory = (options: CostGuardStoreOptions) => RunRequestStore;
export type SpendLedgerFactory = (options: CostGuardStoreOptions) => SpendLedger;

/** Half a second past a whole second, so second rounding is exercised rather than lined up. */
export const T0 = Date.UTC(2024, 2, 15, 8, 30, 0) + 500;
/** The decision window the requests below are given. */
export const WINDOW_MS = 15 * 60 * 1000;
export const DAY_MS = 24 * 60 * 60 * 1000;

export function withClock<T>(factory: (options: CostGuardStoreOptions) => T): { clock: ManualClock; store: T } {
  const clock = new ManualClock(T0);
  return { clock, store: factory({ clock: () => clock.now() }) };
}

/** A run request id as the caller derives it from Slack's request id (a trigger id). */
export function uniqueRunId(): string {
  return `run:${Date.now()}.${randomUUID().replaceAll('-', '').slice(0, 20)}`;
}

/** A request held for an approval, with every optional field a caller might leave out left out. */
export function newRunRequest(overrides: Partial<NewRunRequest> = {}): NewRunRequest {
  return {
    id: uniqueRunId(),
    teamId: 'T0001',
    channelId: 'C0001',
    userId: 'U0001',
    locale: 'en',
    project: 'test_proj',
    sql: 'select * from sales where ds = 20240315',
    hints: {},
    gate: 'approval',
    reasons: ['above-approval'],
    createdAt: T0,
    expiresAt: T0 + WINDOW_MS,
    ...overrides,
  };
}

/** The same with every optional field set. */
export function fullRunRequest(overrides: Partial<NewRunRequest> = {}): NewRunRequest {
  return newRunRequest({
    threadTs: '1710491400.000100',
    hints: { 'odps.sql.allow.fullscan': 'true', 'odps.stage.mapper.split.size': '256' },
    priority: 3,
    quota: 'etl_quota',
    estimate: { inputBytes: 5_497_558_138_880, complexity: 1.5, udfCount: 2 },
    price: { amount: 307.125, currency: 'CNY' },
    gate: 'approval',
    reasons: ['above-approval', 'over-channel-budget'],
    cardTs: '1710491400.000200',
    ...overrides,
  });
}

/** An instance id as MaxCompute makes them. */
export function instanceId(): string {
  return `20240315083000${randomUUID().replaceAll('-', '').slice(0, 12)}gs`;
}

/** Asserts a refusal of the input, before the store was touched. */
export function isInputError(code: CostGuardInputCode, field: string) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof CostGuardInputError, `expected a CostGuardInputError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.equal(error.field, field);
    return true;
  };
}
