import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { InstanceDescription, MaxComputeGateway } from '../../src/tracker/maxcompute-gateway.ts';
import type { InstanceKey, InstanceStore } from '../../src/tracker/ports.ts';
import type { TrackedInstance } from '../../src/tracker/tracked-instance.ts';
import { trackedInstance } from '../store/contract-support.ts';
import { pollerOnFakes } from '../support/poller-on-fakes.ts';

// Pure logic: the store and the gateway are stand-ins that record the order of what a tick asks.
const MINUTE = 60_000;

function setup() {
  let now = Date.UTC(2026, 10, 23, 12, 0, 0);
  const tracked = new Map<string, TrackedInstance>();
  const running = new Set<string>();
  const calls: string[] = [];
  const listedFrom: number[] = [];
  let failListing = false;
  const store = {
    listActive: async function* () {
      calls.push('store');
      yield* [...tracked.values()];
    },
    get: async (key: InstanceKey) => tracked.get(key.instanceId),
    recordProgress: async () => undefined,
  } as unknown as InstanceStore;
  const gateway = {
    liveStatuses: async (_project: string, from: Date) => {
      calls.push('listing');
      listedFrom.push(from.getTime());
      // The listing's answer is what MaxCompute knew when it was asked.
      const answer = new Map([...running].map((id) => [id, 'Running' as const]));
      await new Promise((resolve) => setImmediate(resolve));
      if (failListing) throw new Error('listing refused');
      return answer;
    },
    describe: async (key: InstanceKey): Promise<InstanceDescription> => {
      calls.push(`describe ${key.instanceId}`);
      return { ...key, status: 'Running', successful: false, tasks: [] };
    },
  } as unknown as MaxComputeGateway;
  const poller = pollerOnFakes(store, gateway, () => now);
  const track = (instanceId: string, overrides: Partial<TrackedInstance> = {}) => {
    tracked.set(
      instanceId,
      trackedInstance({ project: 'p', instanceId }, { trackedAt: now, updatedAt: now, ...overrides }),
    );
    running.add(instanceId);
  };
  return {
    poller,
    calls,
    listedFrom,
    track,
    untrack: (instanceId: string) => tracked.delete(instanceId),
    running,
    advance: (ms: number) => {
      now += ms;
    },
    now: () => now,
    failListing: (fail: boolean) => {
      failListing = fail;
    },
    /** Three seconds on, one tick: what it asked, in order. */
    nextTick: async (): Promise<string[]> => {
      now += 3000;
      calls.length = 0;
      await poller.tick();
      return [...calls];
    },
  };
}

describe('the listing of a known project starts before the store is read', () => {
  it('lists after the store on the first tick, before it on the next, from where the last tick needed', async () => {
    const t = setup();
    t.track('i1');
    await t.poller.tick();
    assert.deepEqual(t.calls, ['store', 'listing']);
    t.calls.length = 0;
    t.advance(3000);
    await t.poller.tick();
    assert.deepEqual(t.calls, ['listing', 'store']);
    assert.deepEqual(t.listedFrom, [t.now() - 3000 - 5 * MINUTE, t.now() - 3000 - 5 * MINUTE]);
  });

  // Each instance is tracked (but gone from MaxCompute already) between one tick and the next, where
  // the next tick's early listing could not contain it: judged only by the tick after.
  const missedByTheEarlyListing: [string, (t: ReturnType<typeof setup>) => Partial<TrackedInstance>][] = [
    // Tracked between the listing's start and the store's read: MaxCompute's answer predates it.
    ['tracked after the early listing started', (t) => ({ trackedAt: t.now() + 3000 + 1 })],
    // A watch looks seven days back, past the range the last tick listed.
    ["watched, started before the early listing's range", () => ({ origin: 'watch' })],
  ];
  for (const [kind, overrides] of missedByTheEarlyListing) {
    it(`waits a tick before taking an instance ${kind} for ended`, async () => {
      const t = setup();
      t.track('first');
      await t.poller.tick();
      t.track('late', overrides(t));
      t.running.delete('late');
      assert.deepEqual(await t.nextTick(), ['listing', 'store']);
      assert.deepEqual(await t.nextTick(), ['listing', 'store', 'describe late']);
    });
  }

  it('lists a watched instance from seven days before it was tracked', async () => {
    const t = setup();
    t.track('watched', { origin: 'watch' });
    await t.poller.tick();
    await t.nextTick();
    assert.deepEqual(t.listedFrom, [t.now() - 3000 - 7 * 24 * 60 * MINUTE, t.now() - 3000 - 7 * 24 * 60 * MINUTE]);
  });

  it('reports a failed early listing as an error of its project and lists again next tick', async () => {
    const t = setup();
    t.track('i1');
    await t.poller.tick();
    t.failListing(true);
    t.advance(3000);
    const failed = await t.poller.tick();
    assert.equal(failed.errors, 1);
    t.failListing(false);
    t.running.delete('i1');
    t.advance(3000);
    t.calls.length = 0;
    const next = await t.poller.tick();
    assert.equal(next.errors, 0);
    assert.deepEqual(t.calls, ['listing', 'store', 'describe i1']);
  });

  it('forgets a project without tracked instances', async () => {
    const t = setup();
    t.track('i1');
    await t.poller.tick();
    // Its notice done, the instance leaves the active index: one more early listing, then none.
    t.untrack('i1');
    t.calls.length = 0;
    await t.poller.tick();
    await t.poller.tick();
    assert.deepEqual(t.calls, ['listing', 'store', 'store']);
  });
});
