import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { StoreErrorCode, StoreNotFoundError } from '../../src/store/store-errors.ts';
import {
  activeIds,
  contractStore,
  INSTANCE_TTL_SECONDS,
  type InstanceStoreFactory,
  trackedInstance,
  uniqueKey,
  uniqueProject,
} from './contract-support.ts';

const DAY_MS = 24 * 3600 * 1000;
const T0 = Date.UTC(2024, 2, 15, 8, 30, 0);

/** `listActive` and `recordProgress`: what the poller walks each tick and what it writes back. */
export function activeIndexContract(name: string, factory: InstanceStoreFactory): void {
  describe(`${name}: listActive`, () => {
    it('yields tracked instances oldest first, terminated ones included until their notice is done', async () => {
      const { store } = contractStore(factory);
      const project = uniqueProject();
      const a = uniqueKey(project);
      const b = uniqueKey(project);
      const c = uniqueKey(project);
      const d = uniqueKey(project);
      await store.track(trackedInstance(c, { trackedAt: T0 + 3000 }));
      await store.track(trackedInstance(a, { trackedAt: T0 + 1000 }));
      await store.track(trackedInstance(d, { trackedAt: T0 + 4000, status: 'Terminated', origin: 'watch' }));
      await store.track(trackedInstance(b, { trackedAt: T0 + 2000 }));
      assert.deepEqual(
        await activeIds(store, project),
        [a, b, c, d].map((key) => key.instanceId),
      );

      const listed = [];
      for await (const instance of store.listActive()) if (instance.project === project) listed.push(instance);
      const { project: p, instanceId, updatedAt } = trackedInstance(d);
      assert.deepEqual(listed[3], {
        project: p,
        instanceId,
        origin: 'watch',
        trackedAt: T0 + 4000,
        status: 'Terminated',
        updatedAt,
      });
    });

    it('yields what the index keeps of a record: what a tick decides on, not the SQL or the people', async () => {
      const { clock, store } = contractStore(factory);
      const project = uniqueProject();
      const key = uniqueKey(project);
      await store.track(
        trackedInstance(key, {
          sql: `select '${'x'.repeat(3000)}'`,
          logviewUrl: 'https://logview.example/?h=x&i=y',
          previewRows: 5,
          cardTs: '1710491400.000100',
        }),
      );
      await store.recordProgress(key, { status: 'Running', progress: 'M1_job_0:0/1/1[0%]', percent: 0, updatedAt: T0 });
      const leaseUntil = clock.now() + 60_000;
      await store.claimNotice(key, { token: 'holder', leaseUntil, now: clock.now() });
      const listed = [];
      for await (const instance of store.listActive()) if (instance.project === project) listed.push(instance);
      assert.deepEqual(listed, [
        {
          project,
          instanceId: key.instanceId,
          origin: 'run',
          trackedAt: T0,
          status: 'Running',
          progress: 'M1_job_0:0/1/1[0%]',
          updatedAt: T0,
          cardTs: '1710491400.000100',
          notice: { state: 'claimed', token: 'holder', leaseUntil },
        },
      ]);
      assert.equal((await store.get(key))?.sql?.length, 3009, 'the whole record is still read by key');
    });

    it('keeps a record that turned Terminated until completeNotice, then leaves it out', async () => {
      const { clock, store } = contractStore(factory);
      const project = uniqueProject();
      const done = uniqueKey(project);
      const owed = uniqueKey(project);
      const unclaimed = uniqueKey(project);
      for (const [i, key] of [done, owed, unclaimed].entries()) {
        await store.track(trackedInstance(key, { trackedAt: T0 + i }));
        await store.recordProgress(key, { status: 'Terminated', updatedAt: clock.now() });
      }
      const token = randomUUID();
      assert.ok(await store.claimNotice(done, { token, leaseUntil: clock.now() + 60_000, now: clock.now() }));
      assert.ok(await store.claimNotice(owed, { token: 'other', leaseUntil: clock.now() + 60_000, now: clock.now() }));
      await store.completeNotice(done, token);
      assert.deepEqual(await activeIds(store, project), [owed.instanceId, unclaimed.instanceId]);
      assert.equal((await store.get(done))?.notice?.state, 'done', 'a completed record is still readable');
    });

    it('leaves out records past their ttl', async () => {
      const { clock, store } = contractStore(factory);
      const project = uniqueProject();
      const old = uniqueKey(project);
      const renewed = uniqueKey(project);
      const recent = uniqueKey(project);
      await store.track(trackedInstance(old, { trackedAt: T0 }));
      await store.track(trackedInstance(renewed, { trackedAt: T0 + 1 }));
      clock.advance((INSTANCE_TTL_SECONDS / 2) * 1000);
      await store.track(trackedInstance(recent, { trackedAt: T0 + 2 }));
      await store.recordProgress(renewed, { status: 'Running', updatedAt: clock.now() });
      clock.advance((INSTANCE_TTL_SECONDS / 2) * 1000 + 2000);
      assert.deepEqual(await activeIds(store, project), [renewed.instanceId, recent.instanceId]);
    });

    it('reads every record across pages, in order', async () => {
      const { store } = contractStore(factory, { activePageSize: 7 });
      const project = uniqueProject();
      const keys = Array.from({ length: 23 }, () => uniqueKey(project));
      // Tracked newest first, so insertion order and index order disagree.
      for (const [i, key] of [...keys.entries()].reverse()) {
        await store.track(trackedInstance(key, { trackedAt: T0 + i * 1000 }));
      }
      assert.deepEqual(
        await activeIds(store, project),
        keys.map((key) => key.instanceId),
      );
    });

    it('orders instances tracked in the same millisecond by project, then id', async () => {
      const { store } = contractStore(factory);
      const project = uniqueProject();
      const keys = [`${project}_a`, `${project}_b`].map((p) => ({ project: p, instanceId: 'instance_same' }));
      for (const key of [...keys].reverse()) await store.track(trackedInstance(key, { trackedAt: T0 + 7 }));
      const seen: string[] = [];
      for await (const instance of store.listActive())
        if (instance.project.startsWith(project)) seen.push(instance.project);
      assert.deepEqual(seen, [`${project}_a`, `${project}_b`]);
    });
  });

  describe(`${name}: recordProgress`, () => {
    it('updates status, progress, percent and updatedAt; omitted fields keep their value', async () => {
      const { store } = contractStore(factory);
      const key = uniqueKey();
      await store.track(trackedInstance(key));
      await store.recordProgress(key, {
        status: 'Running',
        progress: 'M1_Stg1:0/1/2',
        percent: 25,
        updatedAt: T0 + 10,
      });
      assert.deepEqual(
        await store.get(key),
        trackedInstance(key, { progress: 'M1_Stg1:0/1/2', percent: 25, updatedAt: T0 + 10 }),
      );
      await store.recordProgress(key, { status: 'Terminated', updatedAt: T0 + 20 });
      assert.deepEqual(
        await store.get(key),
        trackedInstance(key, { status: 'Terminated', progress: 'M1_Stg1:0/1/2', percent: 25, updatedAt: T0 + 20 }),
      );
    });

    it('pushes the expiry forward by the ttl, so a long-running instance stays tracked', async () => {
      const { clock, store } = contractStore(factory, { instanceTtlSeconds: 7 * 24 * 3600 });
      const key = uniqueKey();
      await store.track(trackedInstance(key));
      clock.advance(6 * DAY_MS);
      await store.recordProgress(key, { status: 'Running', percent: 90, updatedAt: clock.now() });
      clock.advance(2 * DAY_MS);
      assert.equal((await store.get(key))?.percent, 90, 'read at t0 + 8 days');
      clock.advance(5 * DAY_MS - 1000);
      assert.notEqual(await store.get(key), undefined, 'just short of progress + 7 days');
      clock.advance(3000);
      assert.equal(await store.get(key), undefined, 'past progress + 7 days');
    });

    it('throws store_not_found for an instance not tracked or past its ttl, and creates nothing', async () => {
      const { clock, store } = contractStore(factory);
      const missing = uniqueKey();
      await assert.rejects(store.recordProgress(missing, { status: 'Running', updatedAt: T0 }), (error: unknown) => {
        assert.ok(error instanceof StoreNotFoundError);
        assert.equal(error.code, StoreErrorCode.NotFound);
        return true;
      });
      assert.equal(await store.get(missing), undefined);
      const lapsed = uniqueKey();
      await store.track(trackedInstance(lapsed));
      clock.advance(INSTANCE_TTL_SECONDS * 1000 + 2000);
      await assert.rejects(store.recordProgress(lapsed, { status: 'Running', updatedAt: T0 }), {
        code: StoreErrorCode.NotFound,
      });
      assert.equal(await store.get(lapsed), undefined, 'a lapsed record must not be revived');
    });
  });
}
