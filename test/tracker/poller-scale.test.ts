import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MaxComputeGateway } from '../../src/tracker/maxcompute-gateway.ts';
import type { InstanceStore } from '../../src/tracker/ports.ts';
import { trackedInstance } from '../store/contract-support.ts';
import { pollerOnFakes } from '../support/poller-on-fakes.ts';

// Pure logic: the store and the gateway are stand-ins that only count what the tick asks of them.
describe('a tick over one very large project', () => {
  it('matches 200,000 tracked instances against the listing without overflowing the stack', async () => {
    const count = 200_000;
    const now = Date.UTC(2026, 10, 23, 12, 0, 0);
    const ids = Array.from({ length: count }, (_, n) => `2026112312000000${String(n).padStart(6, '0')}x`);
    let since: Date | undefined;
    const store = {
      listActive: async function* () {
        for (const [n, instanceId] of ids.entries()) {
          yield trackedInstance({ project: 'big', instanceId }, { trackedAt: now - n, updatedAt: now });
        }
      },
    } as unknown as InstanceStore;
    const gateway = {
      liveStatuses: async (_project: string, from: Date) => {
        since = from;
        return new Map(ids.map((id) => [id, 'Running' as const]));
      },
      describe: async () => assert.fail('nothing ended, nothing is read'),
    } as unknown as MaxComputeGateway;
    const poller = pollerOnFakes(store, gateway, () => now);
    const report = await poller.tick();
    assert.deepEqual(report, { tracked: count, notices: 0, cardUpdates: 0, errors: 0 });
    // The listing starts five minutes before the oldest tracked instance.
    assert.equal(since?.getTime(), now - (count - 1) - 5 * 60 * 1000);
  });
});
