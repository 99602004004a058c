import { type EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { EVENT_SOURCE, WORKER_DETAIL_TYPE, type WorkerJob, type WorkPublisher } from '../slack/handoff.ts';
import type { InstanceTerminatedEvent, TerminatedEventPublisher } from '../tracker/notifier.ts';

export const TERMINATED_DETAIL_TYPE = 'Instance Terminated';

/**
 * Hands work to the worker function through EventBridge. PutEvents can answer 200 and still have
 * failed entries (FailedEntryCount), so every entry is checked and failed ones are sent again.
 */
export class EventBridgePublisher implements WorkPublisher, TerminatedEventPublisher {
  readonly #client: EventBridgeClient;
  readonly #busName: string;
  readonly #attempts: number;

  constructor(options: { client: EventBridgeClient; busName: string; attempts?: number }) {
    this.#client = options.client;
    this.#busName = options.busName;
    this.#attempts = options.attempts ?? 3;
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
    for (let attempt = 0; attempt < this.#attempts && pending.length > 0; attempt++) {
      const response = await this.#client.send(new PutEventsCommand({ Entries: pending }));
      const entries = response.Entries ?? [];
      const failed = pending.filter((_, index) => !entries[index]?.EventId);
      lastError = entries.find((entry) => entry.ErrorCode)?.ErrorCode ?? lastError;
      pending = (response.FailedEntryCount ?? 0) > 0 || failed.length > 0 ? failed : [];
    }
    if (pending.length > 0) throw new EventPublishError(`PutEvents kept failing (${lastError || 'no event id'})`);
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
