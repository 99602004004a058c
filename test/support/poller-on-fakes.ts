import { silentLogger } from '../../src/observability/logger.ts';
import { oneReader } from '../../src/tracker/instance-readers.ts';
import type { MaxComputeGateway } from '../../src/tracker/maxcompute-gateway.ts';
import type { TrackerNotifier } from '../../src/tracker/notifier.ts';
import { Poller } from '../../src/tracker/poller.ts';
import type { InstanceStore } from '../../src/tracker/ports.ts';

/**
 * A poller over a stand-in store and gateway, for unit tests of a tick's own logic: no notifier (a
 * test that reaches one fails), events dropped, no progress reads, silent, on the given clock.
 */
export function pollerOnFakes(store: InstanceStore, gateway: MaxComputeGateway, now: () => number): Poller {
  return new Poller(
    {
      store,
      gateway,
      readers: oneReader(gateway),
      notifier: {} as TrackerNotifier,
      events: { publishTerminated: async () => undefined },
      logger: silentLogger,
      now,
      sleep: async () => undefined,
    },
    { progressReadsPerTick: 0 },
  );
}
