import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StoreConflictError, StoreErrorCode } from '../../src/store/store-errors.ts';
import type { InstanceKey, InstanceStore } from '../../src/tracker/ports.ts';
import {
  activeIds,
  type ContractOptions,
  contractStore,
  INSTANCE_TTL_SECONDS,
  type InstanceStoreFactory,
  trackedInstance,
  uniqueKey,
  uniqueProject,
} from './contract-support.ts';

const LEASE_MS = 60_000;

function isConflict(error: unknown): boolean {
  assert.ok(error instanceof StoreConflictError, `expected a StoreConflictError, got ${String(error)}`);
  assert.equal(error.code, StoreErrorCode.Conflict);
  assert.equal(error.retryable, false);
  return true;
}

/** The exactly-once notice: claim with a lease, record steps under the token, complete. */
export function noticeContract(name: string, factory: InstanceStoreFactory, options: ContractOptions = {}): void {
  const racing = options.linearizable === false ? () => {} : it;
  async function tracked(store: InstanceStore, key: InstanceKey = uniqueKey()): Promise<InstanceKey> {
    await store.track(trackedInstance(key, { status: 'Terminated' }));
    return key;
  }

  describe(`${name}: claimNotice`, () => {
    it('gives the notice to the first claimant and nobody else while the lease holds', async () => {
      const { clock, store } = contractStore(factory);
      const key = await tracked(store);
      const leaseUntil = clock.now() + LEASE_MS;
      const first = await store.claimNotice(key, { token: 'first', leaseUntil, now: clock.now() });
      // The claim returns the record as it now is: the same as a read by key after it.
      assert.deepEqual(first?.notice, { state: 'claimed', token: 'first', leaseUntil });
      assert.deepEqual(await store.get(key), first);
      clock.advance(LEASE_MS);
      assert.equal(
        await store.claimNotice(key, { token: 'second', leaseUntil: clock.now() + LEASE_MS, now: leaseUntil }),
        undefined,
      );
    });

    it('lets a new claimant take over once the lease has passed, keeping the steps recorded', async () => {
      const { clock, store } = contractStore(factory);
      const key = await tracked(store);
      const leaseUntil = clock.now() + LEASE_MS;
      await store.claimNotice(key, { token: 'crashed', leaseUntil, now: clock.now() });
      await store.recordNoticeStep(key, 'crashed', { postedTs: '1710491400.000300' });
      await store.recordNoticeStep(key, 'crashed', { csvPosted: true });
      clock.advance(LEASE_MS + 1);
      const next = clock.now() + LEASE_MS;
      const taken = await store.claimNotice(key, { token: 'next', leaseUntil: next, now: clock.now() });
      assert.deepEqual(taken?.notice, {
        state: 'claimed',
        token: 'next',
        leaseUntil: next,
        postedTs: '1710491400.000300',
        csvPosted: true,
      });
      await assert.rejects(store.recordNoticeStep(key, 'crashed', { cardFinal: true }), isConflict);
      await assert.rejects(store.completeNotice(key, 'crashed'), isConflict);
      await store.recordNoticeStep(key, 'next', { cardFinal: true, eventPublished: true });
      await store.completeNotice(key, 'next');
      assert.deepEqual((await store.get(key))?.notice, {
        state: 'done',
        token: 'next',
        leaseUntil: next,
        postedTs: '1710491400.000300',
        csvPosted: true,
        cardFinal: true,
        eventPublished: true,
      });
    });

    it('records a notice Slack refused for good, and lists it no more once completed', async () => {
      const { clock, store } = contractStore(factory);
      const key = await tracked(store);
      const leaseUntil = clock.now() + LEASE_MS;
      await store.claimNotice(key, { token: 'holder', leaseUntil, now: clock.now() });
      await store.recordNoticeStep(key, 'holder', { undeliverable: 'not_in_channel' });
      await store.recordNoticeStep(key, 'holder', { cardFinal: true, eventPublished: true });
      await store.completeNotice(key, 'holder');
      assert.deepEqual((await store.get(key))?.notice, {
        state: 'done',
        token: 'holder',
        leaseUntil,
        undeliverable: 'not_in_channel',
        cardFinal: true,
        eventPublished: true,
      });
      for await (const active of store.listActive()) assert.notEqual(active.instanceId, key.instanceId);
    });

    it('writes the instance’s last status with the completion', async () => {
      const { clock, store } = contractStore(factory);
      const key = uniqueKey();
      await store.track(trackedInstance(key, { status: 'Running', progress: 'M1_job_0:1/0/1[50%]' }));
      await store.claimNotice(key, { token: 'holder', leaseUntil: clock.now() + LEASE_MS, now: clock.now() });
      clock.advance(5);
      await store.completeNotice(key, 'holder', { status: 'Terminated', updatedAt: clock.now() });
      const done = await store.get(key);
      assert.equal(done?.notice?.state, 'done');
      assert.equal(done?.status, 'Terminated');
      assert.equal(done?.updatedAt, clock.now());
      assert.equal(done?.progress, 'M1_job_0:1/0/1[50%]', 'the rest of the record is left as it was');
    });

    it('writes the card and the event steps with the completion, keeping the steps recorded before', async () => {
      const { clock, store } = contractStore(factory);
      const key = await tracked(store);
      const leaseUntil = clock.now() + LEASE_MS;
      await store.claimNotice(key, { token: 'holder', leaseUntil, now: clock.now() });
      await store.recordNoticeStep(key, 'holder', { postAttemptedAt: clock.now(), postedTs: '1.2' });
      await store.completeNotice(key, 'holder', {
        status: 'Terminated',
        updatedAt: clock.now(),
        cardFinal: true,
        eventPublished: true,
      });
      assert.deepEqual((await store.get(key))?.notice, {
        state: 'done',
        token: 'holder',
        leaseUntil,
        postAttemptedAt: clock.now(),
        postedTs: '1.2',
        cardFinal: true,
        eventPublished: true,
      });
    });

    it('never hands out a done notice again', async () => {
      const { clock, store } = contractStore(factory);
      const key = await tracked(store);
      await store.claimNotice(key, { token: 'only', leaseUntil: clock.now() + LEASE_MS, now: clock.now() });
      await store.completeNotice(key, 'only');
      clock.advance(10 * LEASE_MS);
      for (const token of ['later', 'only']) {
        assert.equal(
          await store.claimNotice(key, { token, leaseUntil: clock.now() + LEASE_MS, now: clock.now() }),
          undefined,
        );
      }
    });

    racing('gives exactly one of 20 concurrent claims at the same moment', async () => {
      const { clock, store } = contractStore(factory);
      const key = await tracked(store);
      const now = clock.now();
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          store.claimNotice(key, { token: `poller-${i}`, leaseUntil: now + LEASE_MS, now }),
        ),
      );
      const won = results.filter((result) => result !== undefined);
      assert.equal(won.length, 1);
      assert.deepEqual(await store.get(key), won[0]);
    });

    racing('gives exactly one of 20 concurrent take-overs of a lapsed lease', async () => {
      const { clock, store } = contractStore(factory);
      const key = await tracked(store);
      await store.claimNotice(key, { token: 'crashed', leaseUntil: clock.now() + LEASE_MS, now: clock.now() });
      clock.advance(2 * LEASE_MS);
      const now = clock.now();
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          store.claimNotice(key, { token: `poller-${i}`, leaseUntil: now + LEASE_MS, now }),
        ),
      );
      assert.equal(results.filter((result) => result !== undefined).length, 1);
    });

    it('renews the lease when the holder claims again with its own token (a retried write)', async () => {
      const { clock, store } = contractStore(factory);
      const key = await tracked(store);
      await store.claimNotice(key, { token: 'holder', leaseUntil: clock.now() + LEASE_MS, now: clock.now() });
      await store.recordNoticeStep(key, 'holder', { postedTs: '1.1' });
      const renewed = await store.claimNotice(key, {
        token: 'holder',
        leaseUntil: clock.now() + 2 * LEASE_MS,
        now: clock.now(),
      });
      assert.deepEqual(renewed?.notice, {
        state: 'claimed',
        token: 'holder',
        leaseUntil: clock.now() + 2 * LEASE_MS,
        postedTs: '1.1',
      });
    });

    it('is undefined for an instance not tracked or past its ttl, and creates nothing', async () => {
      const { clock, store } = contractStore(factory);
      const missing = uniqueKey();
      assert.equal(
        await store.claimNotice(missing, { token: 't', leaseUntil: clock.now() + LEASE_MS, now: clock.now() }),
        undefined,
      );
      assert.equal(await store.get(missing), undefined);
      const lapsed = await tracked(store);
      clock.advance(INSTANCE_TTL_SECONDS * 1000 + 2000);
      assert.equal(
        await store.claimNotice(lapsed, { token: 't', leaseUntil: clock.now() + LEASE_MS, now: clock.now() }),
        undefined,
      );
      assert.equal(await store.get(lapsed), undefined);
    });

    it('keeps the claimed record for a full ttl from the claim', async () => {
      const { clock, store } = contractStore(factory);
      const key = await tracked(store);
      clock.advance(INSTANCE_TTL_SECONDS * 1000 - 10_000);
      await store.claimNotice(key, { token: 'late', leaseUntil: clock.now() + LEASE_MS, now: clock.now() });
      clock.advance(20_000);
      await store.recordNoticeStep(key, 'late', { postedTs: '2.2' });
      assert.equal((await store.get(key))?.notice?.postedTs, '2.2');
    });
  });

  describe(`${name}: releaseNotice`, () => {
    it('gives the claim back at once, keeping the recorded steps; a stale token cannot release', async () => {
      const { clock, store } = contractStore(factory);
      const key = await tracked(store);
      const now = clock.now();
      await store.claimNotice(key, { token: 'first', leaseUntil: now + LEASE_MS, now });
      await store.recordNoticeStep(key, 'first', { postedTs: '1700000000.000100' });
      await store.releaseNotice(key, 'first');
      const second = await store.claimNotice(key, { token: 'second', leaseUntil: now + LEASE_MS, now });
      assert.equal(second?.notice?.token, 'second');
      assert.equal(second?.notice?.postedTs, '1700000000.000100');
      await assert.rejects(store.releaseNotice(key, 'first'), isConflict);
    });
  });

  describe(`${name}: recordNoticeStep and completeNotice`, () => {
    it('records steps one by one under the holder token; an empty step only checks the claim', async () => {
      const { clock, store } = contractStore(factory);
      const key = await tracked(store);
      const leaseUntil = clock.now() + LEASE_MS;
      await store.claimNotice(key, { token: 'holder', leaseUntil, now: clock.now() });
      await store.recordNoticeStep(key, 'holder', { postedTs: '3.3' });
      await store.recordNoticeStep(key, 'holder', {});
      await store.recordNoticeStep(key, 'holder', { eventPublished: true, postedTs: undefined });
      assert.deepEqual((await store.get(key))?.notice, {
        state: 'claimed',
        token: 'holder',
        leaseUntil,
        postedTs: '3.3',
        eventPublished: true,
      });
      await assert.rejects(store.recordNoticeStep(key, 'someone-else', {}), isConflict);
    });

    it('refuses steps and completion before any claim, and after completion', async () => {
      const { clock, store } = contractStore(factory);
      const key = await tracked(store);
      await assert.rejects(store.recordNoticeStep(key, 'nobody', { csvPosted: true }), isConflict);
      await assert.rejects(store.completeNotice(key, 'nobody'), isConflict);
      await assert.rejects(store.recordNoticeStep(uniqueKey(), 'nobody', { csvPosted: true }), isConflict);
      await store.claimNotice(key, { token: 'holder', leaseUntil: clock.now() + LEASE_MS, now: clock.now() });
      await store.completeNotice(key, 'holder');
      await assert.rejects(store.recordNoticeStep(key, 'holder', { csvPosted: true }), isConflict);
      assert.equal((await store.get(key))?.notice?.csvPosted, undefined);
    });

    it('completes once under the holder token: out of listActive, a repeat by the holder is a no-op', async () => {
      const { clock, store } = contractStore(factory);
      const project = uniqueProject();
      const key = await tracked(store, uniqueKey(project));
      await store.claimNotice(key, { token: 'holder', leaseUntil: clock.now() + LEASE_MS, now: clock.now() });
      assert.deepEqual(await activeIds(store, project), [key.instanceId], 'claimed but not done: still listed');
      await assert.rejects(store.completeNotice(key, 'stale'), isConflict);
      await store.completeNotice(key, 'holder');
      assert.deepEqual(await activeIds(store, project), []);
      await store.completeNotice(key, 'holder');
      await assert.rejects(store.completeNotice(key, 'stale'), isConflict);
      assert.equal((await store.get(key))?.notice?.state, 'done');
    });
  });
}
