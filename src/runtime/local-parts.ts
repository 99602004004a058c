import { InProcessPublisher } from '../events/in-process-publisher.ts';
import type { Logger } from '../observability/logger.ts';
import { systemClock } from '../shared/clock.ts';
import type { Poller } from '../tracker/poller.ts';
import type { FrontDoor } from './front-door.ts';
import type { Parts } from './parts.ts';

/**
 * Locally the in-process bus stands in for EventBridge and the worker function: each hand-off runs
 * the worker in this process, right after the acknowledgement.
 */
export function connectInProcessWorker(parts: Parts, frontDoor: FrontDoor): InProcessPublisher {
  const bus = parts.bus;
  if (!(bus instanceof InProcessPublisher)) throw new Error('the local worker runs behind the in-process bus');
  bus.connect((job) => frontDoor.worker.handle(job));
  return bus;
}

/**
 * The poller as EventBridge runs it on AWS, back to back: each round is one "invocation" of a
 * minute. A round that throws is logged and the next one starts after a pause; the loop ends when
 * the signal aborts, and the returned promise settles once the round in flight has stopped.
 */
export async function runPollerLoop(poller: Poller, logger: Logger, signal: AbortSignal): Promise<void> {
  while (!signal.aborted) {
    try {
      await poller.runUntil(Date.now() + 60_000, 0, signal);
    } catch (error) {
      logger.error('poller round failed', { error: error instanceof Error ? error.message : String(error) });
      await systemClock.sleep(1000, signal).catch(() => undefined);
    }
  }
}
