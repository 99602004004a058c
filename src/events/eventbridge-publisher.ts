import { type EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { type Clock, systemClock } from '../shared/clock.ts';
import { withRetries } from '../shared/retry.ts';
import { doublingPolicy, type RetryPolicy } from '../shared/retry-policy.ts';
import { EVENT_SOURCE, WORKER_DETAIL_TYPE, type WorkerJob, type WorkPublisher } from '../slack/handoff.ts';
import type { InstanceTerminatedEvent, TerminatedEventPublisher } from '../tracker/notifier.ts';

export const TERMINATED_DETAIL_TYPE = 'Instance Terminated';

/**
 * Hands work to the worker function through EventBridge. PutEvents can answer 200 and still have
 * failed entries (FailedEntryCount), so every entry is checked and failed ones are sent again, after
 * a short pause (0.1 s, 0.2 s), as AWS advises for throttled entries.
 */
export class EventBridgePublisher implements WorkPublisher, TerminatedEventPublisher {
  readonly #client: EventBridgeClient;
  readonly #busName: string;
  readonly #retries: RetryPolicy;
  readonly #clock: Clock;

  constructor(options: { client: EventBridgeClient; busName: string; attempts?: number; clock?: Clock }) {
    this.#client = options.client;
    this.#busName = options.busName;
    this.#retries = doublingPolicy((options.attempts ?? 3) - 1, 100);
    this.#clock = options.clock ?? systemClock;
  }

  publish(job: WorkerJob): Promise<void> {
    return this.#put(WORKER_DETAIL_TYPE, job);
  }

  publishTerminated(event: InstanceTerminatedEvent): Promise<void> {
    return this.#put(TERMINATED_DETAIL_TYPE, event);
  }

  async #put(detailType: string, detail: unknown): Promise<void> {
    let pending: PutEventsRequestEntry[] = [
      { Source: EVENT_SOURCE, DetailType: detailType, Detail: JSON.stringify(detail), EventBusName: this.#busName },
    ];
    let lastError = '';
    await withRetries(
      async () => {
        const response = await this.#client.send(new PutEventsCommand({ Entries: pending }));
        const entries = response.Entries ?? [];
        const failed = pending.filter((_, index) => !entries[index]?.EventId);
        lastError = entries.find((entry) => entry.ErrorCode)?.ErrorCode ?? lastError;
        pending = (response.FailedEntryCount ?? 0) > 0 || failed.length > 0 ? failed : [];
        if (pending.length > 0) throw new EventPublishError(`PutEvents kept failing (${lastError || 'no event id'})`);
      },
      // Only failed entries are sent again; an error of the call itself is the SDK's to retry.
      { policy: this.#retries, clock: this.#clock, retryIf: (error) => error instanceof EventPublishError },
    );
  }
}

export class EventPublishError extends Error {
  readonly code = 'event_publish_failed';
  readonly retryable = true;

  constructor(message: string) {
    super(message);
    this.name = 'EventPublishError';
  }
}
