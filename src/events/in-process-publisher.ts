import type { Logger } from '../observability/logger.ts';
import type { WorkerJob, WorkPublisher } from '../slack/handoff.ts';
import type { InstanceTerminatedEvent, TerminatedEventPublisher } from '../tracker/notifier.ts';

/**
 * The local stand-in for EventBridge: jobs run in this process right after the acknowledgement, as
 * the worker function would run them. `drain()` waits for everything queued so far (tests use it).
 */
export class InProcessPublisher implements WorkPublisher, TerminatedEventPublisher {
  /** How many Instance Terminated events are kept for tests to read. */
  static readonly KEEP_TERMINATED = 10_000;

  readonly #pending = new Set<Promise<void>>();
  readonly #logger: Logger;
  #handler: ((job: WorkerJob) => Promise<void>) | undefined;

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  /** Set once the worker exists (the worker and the app that publishes are built together). */
  connect(handler: (job: WorkerJob) => Promise<void>): void {
    this.#handler = handler;
  }

  async publish(job: WorkerJob): Promise<void> {
    const handler = this.#handler;
    if (!handler) throw new Error('InProcessPublisher has no worker connected');
    const run = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => handler(job))
      .catch((error: unknown) => {
        this.#logger.error('worker job failed', {
          kind: job.kind,
          error: error instanceof Error ? error.message : String(error),
        });
      })
      .finally(() => this.#pending.delete(run));
    this.#pending.add(run);
  }

  /**
   * Locally nothing subscribes to the bus: the events are logged, and the latest ones kept for tests
   * to read. Only the latest: `npm start` may run for days, and keeping every event would grow
   * without bound (found by the reliability soak).
   */
  readonly terminated: InstanceTerminatedEvent[] = [];

  async publishTerminated(event: InstanceTerminatedEvent): Promise<void> {
    this.terminated.push(event);
    if (this.terminated.length > InProcessPublisher.KEEP_TERMINATED)
      this.terminated.splice(0, this.terminated.length - InProcessPublisher.KEEP_TERMINATED);
    this.#logger.info('instance terminated', {
      project: event.project,
      instanceId: event.instanceId,
      outcome: event.outcome,
    });
  }

  async drain(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
  }
}
