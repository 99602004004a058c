import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { StoreError, StoreErrorCode } from '../../src/store/store-errors.ts';
import { activeIndexContract } from './active-index-contract.ts';
import {
  type ContractOptions,
  contractStore,
  INSTANCE_TTL_SECONDS,
  type InstanceStoreFactory,
  trackedInstance,
  uniqueKey,
} from './contract-support.ts';
import { noticeContract } from './notice-contract.ts';

export { type ContractStoreOptions, type InstanceStoreFactory, trackedInstance } from './contract-support.ts';

/** The behaviour every InstanceStore adapter must share, registered under `describe(name)`. */
export function instanceStoreContract(
  name: string,
  factory: InstanceStoreFactory,
  options: ContractOptions = {},
): void {
  const racing = options.linearizable === false ? () => {} : it;
  const setUp = () => contractStore(factory);

  describe(`${name}: claimOnce`, () => {
    it('is true the first time and false after', async () => {
      const { store } = setUp();
      const key = `trigger-${randomUUID()}`;
      assert.equal(await store.claimOnce(key, 60), true);
      assert.equal(await store.claimOnce(key, 60), false);
      assert.equal(await store.claimOnce(`${key}-other`, 60), true);
    });

    it('holds for the ttl and can be claimed again once it lapses', async () => {
      const { clock, store } = setUp();
      const key = `trigger-${randomUUID()}`;
      assert.equal(await store.claimOnce(key, 60), true);
      clock.advance(59_000);
      assert.equal(await store.claimOnce(key, 60), false);
      clock.advance(3_000);
      assert.equal(await store.claimOnce(key, 60), true);
      assert.equal(await store.claimOnce(key, 60), false);
    });

    it('is read back by isClaimed while it lives, and not after', async () => {
      const { clock, store } = setUp();
      const key = `export-cancel#${randomUUID()}`;
      assert.equal(await store.isClaimed(key), false);
      await store.claimOnce(key, 60);
      assert.equal(await store.isClaimed(key), true);
      assert.equal(await store.isClaimed(`${key}-other`), false);
      clock.advance(61_000);
      assert.equal(await store.isClaimed(key), false);
    });

    racing('gives exactly one of 20 concurrent claims', async () => {
      const { store } = setUp();
      const key = `event-${randomUUID()}`;
      const results = await Promise.all(Array.from({ length: 20 }, () => store.claimOnce(key, 60)));
      assert.equal(results.filter(Boolean).length, 1);
    });
  });

  describe(`${name}: track and get`, () => {
    it('creates, then returns the existing record unchanged', async () => {
      const { store } = setUp();
      const key = uniqueKey();
      const first = trackedInstance(key);
      assert.deepEqual(await store.track(first), { created: true, instance: first });
      const second = trackedInstance(key, {
        channelId: 'C0999',
        origin: 'watch',
        requestedBy: 'U0999',
        sql: undefined,
      });
      assert.deepEqual(await store.track(second), { created: false, instance: first });
      assert.deepEqual(await store.get(key), first);
    });

    it('keeps optional fields absent and round-trips every field', async () => {
      const { store } = setUp();
      const key = uniqueKey();
      const full = trackedInstance(key, {
        cardTs: '1710491400.000100',
        progress: 'M1_Stg1:0/1/1[100%]',
        mentions: [],
        runAs: {
          kind: 'person',
          userId: 'U0ADA',
          roleArn: 'acs:ram::1234567890123456:role/analyst',
          sessionName: 'slack.U0ADA',
        },
      });
      await store.track(full);
      assert.deepEqual(await store.get(key), full);
      const bare = trackedInstance(uniqueKey(), { sql: undefined, origin: 'watch' });
      delete (bare as { sql?: string }).sql;
      await store.track(bare);
      const read = await store.get(bare);
      assert.deepEqual(read, bare);
      assert.equal(read && 'sql' in read, false);
    });

    it('gets undefined for an instance never tracked', async () => {
      const { store } = setUp();
      assert.equal(await store.get(uniqueKey()), undefined);
    });

    it('reads an instance past its ttl as absent, and tracks it afresh', async () => {
      const { clock, store } = setUp();
      const key = uniqueKey();
      await store.track(trackedInstance(key));
      clock.advance(INSTANCE_TTL_SECONDS * 1000 - 1000);
      assert.notEqual(await store.get(key), undefined);
      clock.advance(3_000);
      assert.equal(await store.get(key), undefined);
      const again = trackedInstance(key, { channelId: 'C0777' });
      assert.deepEqual(await store.track(again), { created: true, instance: again });
    });

    racing('creates exactly once when the same instance is tracked 20 times at once', async () => {
      const { store } = setUp();
      const key = uniqueKey();
      const attempts = Array.from({ length: 20 }, (_, i) => trackedInstance(key, { channelId: `C${i}` }));
      const results = await Promise.all(attempts.map((attempt) => store.track(attempt)));
      const created = results.filter((result) => result.created);
      assert.equal(created.length, 1);
      const winner = created[0]?.instance;
      for (const result of results) assert.deepEqual(result.instance, winner);
      assert.deepEqual(await store.get(key), winner);
    });
  });

  describe(`${name}: recordStopRequest`, () => {
    it('keeps who asked for the stop, which get then shows', async () => {
      const { store } = setUp();
      const key = uniqueKey();
      await store.track(trackedInstance(key));
      await store.recordStopRequest(key, 'U0STOPPER');
      assert.deepEqual(await store.get(key), trackedInstance(key, { stopRequestedBy: 'U0STOPPER' }));
    });
  });

  describe(`${name}: attachCard`, () => {
    it('sets the card ts that get then shows', async () => {
      const { store } = setUp();
      const key = uniqueKey();
      await store.track(trackedInstance(key));
      await store.attachCard(key, '1710491400.000200');
      assert.deepEqual(await store.get(key), trackedInstance(key, { cardTs: '1710491400.000200' }));
    });

    it('throws store_not_found for an instance not tracked', async () => {
      const { store } = setUp();
      const key = uniqueKey();
      await assert.rejects(store.attachCard(key, '1.2'), (error: unknown) => {
        assert.ok(error instanceof StoreError);
        assert.equal(error.code, StoreErrorCode.NotFound);
        assert.equal(error.retryable, false);
        return true;
      });
      assert.equal(await store.get(key), undefined, 'attachCard must not create an item');
    });

    it('throws store_not_found for an instance past its ttl', async () => {
      const { clock, store } = setUp();
      const key = uniqueKey();
      await store.track(trackedInstance(key));
      clock.advance(INSTANCE_TTL_SECONDS * 1000 + 2000);
      await assert.rejects(store.attachCard(key, '1.2'), { code: StoreErrorCode.NotFound });
    });
  });

  activeIndexContract(name, factory);
  noticeContract(name, factory, options);
}
