import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import type { SpendKey, SpendScope } from '../../src/tracker/spend-ledger.ts';
import { DAY_MS, isInputError, type SpendLedgerFactory, uniqueRunId, withClock } from './cost-guard-support.ts';

/** The clock's day (T0 is 2024-03-15). */
const TODAY = '2024-03-15';
/** Floating-point sums: DynamoDB adds decimals, memory adds binary floats. */
const TOLERANCE = 1e-9;

function uniqueScopeId(prefix: string): string {
  return `${prefix}${randomUUID().replaceAll('-', '').slice(0, 10).toUpperCase()}`;
}

function key(scope: SpendScope = 'user', day = TODAY): SpendKey {
  return { scope, scopeId: uniqueScopeId(scope === 'user' ? 'U' : 'C'), day };
}

/** The behaviour every SpendLedger adapter must share, registered under `describe(name)`. */
export function spendLedgerContract(name: string, factory: SpendLedgerFactory): void {
  describe(`${name}: spend ledger`, () => {
    it('adds a run once: again with the same run id adds nothing and answers the total', async () => {
      const { store: ledger } = withClock(factory);
      const day = key();
      const [first, second] = [uniqueRunId(), uniqueRunId()];
      assert.deepEqual(await ledger.add({ ...day, runId: first, amount: 12.375 }), { total: 12.375, added: true });
      assert.deepEqual(await ledger.add({ ...day, runId: first, amount: 12.375 }), { total: 12.375, added: false });
      assert.deepEqual(await ledger.add({ ...day, runId: first, amount: 99 }), { total: 12.375, added: false });
      assert.deepEqual(await ledger.add({ ...day, runId: second, amount: 0.5 }), { total: 12.875, added: true });
      assert.equal(await ledger.total(day), 12.875);
    });

    it('is 0 for a day nothing was added to; a run of 0 counts once too', async () => {
      const { store: ledger } = withClock(factory);
      const day = key('channel');
      assert.equal(await ledger.total(day), 0);
      const runId = uniqueRunId();
      assert.deepEqual(await ledger.add({ ...day, runId, amount: 0 }), { total: 0, added: true });
      assert.deepEqual(await ledger.add({ ...day, runId, amount: 0 }), { total: 0, added: false });
    });

    it('sums amounts with several decimals within a tolerance', async () => {
      const { store: ledger } = withClock(factory);
      const day = key();
      const amounts = [0.1, 0.2, 0.7, 1.234567, 98.765433];
      let last = 0;
      for (const amount of amounts) last = (await ledger.add({ ...day, runId: uniqueRunId(), amount })).total;
      assert.ok(Math.abs(last - 101) < TOLERANCE, `total ${last}`);
      assert.ok(Math.abs((await ledger.total(day)) - 101) < TOLERANCE);
    });

    it('counts each of 40 concurrent runs once, with every run also retried at once', async () => {
      const { store: ledger } = withClock(factory);
      const day = key('channel');
      // Multiples of 1/8 are exact in binary and in decimal: the total is exact in both stores.
      const runs = Array.from({ length: 40 }, (_, i) => ({ runId: uniqueRunId(), amount: (i + 1) * 0.125 }));
      const results = await Promise.all([...runs, ...runs].map((run) => ledger.add({ ...day, ...run })));
      assert.equal(results.filter((result) => result.added).length, 40);
      assert.equal(await ledger.total(day), (40 * 41 * 0.125) / 2);
      assert.equal(Math.max(...results.map((result) => result.total)), 102.5);
    });

    it('keeps each scope and day apart', async () => {
      const { store: ledger } = withClock(factory);
      const scopeId = uniqueScopeId('X');
      const keys: SpendKey[] = [
        { scope: 'user', scopeId, day: TODAY },
        { scope: 'channel', scopeId, day: TODAY },
        { scope: 'user', scopeId, day: '2024-03-14' },
        { scope: 'user', scopeId: `${scopeId}0`, day: TODAY },
      ];
      const runId = uniqueRunId();
      for (const [i, k] of keys.entries()) {
        assert.deepEqual(await ledger.add({ ...k, runId, amount: i + 1 }), { total: i + 1, added: true });
      }
      assert.deepEqual(await Promise.all(keys.map((k) => ledger.total(k))), [1, 2, 3, 4]);
    });

    it('keeps a day for the retention past its end, then reads 0 and refuses adds to it', async () => {
      const { clock, store: ledger } = withClock(factory);
      const day = key();
      await ledger.add({ ...day, runId: uniqueRunId(), amount: 5 });
      // Two days after its UTC start (past its end in every time zone), then the default 3 days.
      const expiry = Date.UTC(2024, 2, 17) + 3 * DAY_MS;
      clock.advance(expiry - clock.now() - 1000);
      assert.equal(await ledger.total(day), 5, 'a second before the expiry');
      await ledger.add({ ...day, runId: uniqueRunId(), amount: 1 });
      clock.advance(2000);
      assert.equal(await ledger.total(day), 0, 'past the expiry');
      await assert.rejects(
        ledger.add({ ...day, runId: uniqueRunId(), amount: 1 }),
        isInputError('invalid_field', 'day'),
      );
    });

    it('refuses a scope, scope id, day, run id or amount it could not key or sum', async () => {
      const { store: ledger } = withClock(factory);
      const good = { ...key(), runId: uniqueRunId(), amount: 1 };
      const refusals: [Record<string, unknown>, string][] = [
        [{ scope: 'team' }, 'scope'],
        [{ scopeId: 'U1#2024-03-15' }, 'scopeId'],
        [{ scopeId: '' }, 'scopeId'],
        [{ day: '2024-02-30' }, 'day'],
        [{ day: '2024-3-15' }, 'day'],
        [{ day: '15/03/2024' }, 'day'],
        [{ runId: 'run#1' }, 'runId'],
        [{ amount: -0.01 }, 'amount'],
        [{ amount: Number.NaN }, 'amount'],
        [{ amount: Number.POSITIVE_INFINITY }, 'amount'],
      ];
      for (const [change, field] of refusals) {
        const entry = { ...good, ...change } as typeof good;
        await assert.rejects(ledger.add(entry), isInputError('invalid_field', field), JSON.stringify(change));
      }
      await assert.rejects(ledger.total({ ...good, day: '2024-13-01' }), isInputError('invalid_field', 'day'));
      assert.equal(await ledger.total(good), 0, 'nothing was added');
    });
  });
}
