import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { LeaseLostError, NoticeLease } from '../../src/tracker/notice-lease.ts';
import type { InstanceStore } from '../../src/tracker/ports.ts';
import type { NoticeState } from '../../src/tracker/tracked-instance.ts';
import { ManualClock } from '../support/manual-clock.ts';

/** The notice lease on a manual clock and a fake store: when it renews, what it records, when it is lost. */
const KEY = { project: 'p', instanceId: '20261203000000000gleases1' };

function leaseOn(clock: ManualClock, options: { leaseMs?: number; renewals?: (NoticeState | undefined)[] } = {}) {
  const leaseMs = options.leaseMs ?? 1000;
  const writes: string[] = [];
  let claims = 0;
  const store = {
    recordNoticeStep: async (_key: unknown, token: string, step: object) =>
      void writes.push(`${token} ${JSON.stringify(step)}`),
    completeNotice: async () => void writes.push('complete'),
    releaseNotice: async () => void writes.push('release'),
  } as unknown as InstanceStore;
  const lease = new NoticeLease({
    key: KEY,
    token: 'tok',
    claimed: { state: 'claimed', token: 'tok', leaseUntil: clock.now() + leaseMs },
    store,
    clock,
    leaseMs,
    claimAgain: async () => {
      const index = claims++;
      if (options.renewals !== undefined) return options.renewals[index];
      return { state: 'claimed', token: 'tok', leaseUntil: clock.now() + leaseMs };
    },
  });
  return { lease, writes, claims: () => claims, store };
}

describe('the notice lease', () => {
  it('is not renewed while three quarters of it are left; then it is, and the step gets half of what is left', async () => {
    const clock = new ManualClock();
    const { lease, claims } = leaseOn(clock);
    await lease.renew();
    assert.equal(claims(), 0);
    assert.equal(lease.stepDeadline, clock.now() + 500);
    clock.advance(300);
    await lease.renew();
    assert.equal(claims(), 1);
    assert.equal(lease.stepDeadline, clock.now() + 500);
  });

  it('says so when another poller took it over', async () => {
    const clock = new ManualClock();
    const { lease } = leaseOn(clock, { renewals: [] });
    clock.advance(600);
    await assert.rejects(lease.renew(), LeaseLostError);
  });

  it('records steps under its token and keeps them in its state; completes and releases', async () => {
    const clock = new ManualClock();
    const { lease, writes } = leaseOn(clock);
    await lease.record({ postedTs: '1.2' });
    assert.equal(lease.state.postedTs, '1.2');
    await lease.complete({ status: 'Terminated', updatedAt: clock.now() });
    await lease.release();
    assert.deepEqual(writes, ['tok {"postedTs":"1.2"}', 'complete', 'release']);
  });

  it('retries a record in place on a retryable failure, with growing pauses', async () => {
    const clock = new ManualClock();
    const { lease, store } = leaseOn(clock);
    let failures = 2;
    store.recordNoticeStep = async () => {
      if (failures-- > 0) throw Object.assign(new Error('throttled'), { retryable: true });
    };
    await lease.record({ csvPosted: true });
    assert.deepEqual(clock.sleeps, [100, 200]);
    assert.equal(lease.state.csvPosted, true);
  });

  it('renews itself while a slow step runs', async () => {
    const { lease, claims } = leaseOn(new ManualClock(), { leaseMs: 60 });
    await lease.held(() => sleep(100));
    assert.ok(claims() >= 2, `${claims()} renewals`);
  });
});
