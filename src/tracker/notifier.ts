import type { InstanceDescription, InstanceResult, LogviewEntry } from './maxcompute-gateway.ts';
import type { EndedState, TrackedInstance } from './tracked-instance.ts';

/**
 * What the tracker tells people, in domain terms; the Slack adapter (src/slack/tracker-notifier.ts)
 * renders it in the channel's language with the same builders as the front door.
 */
/**
 * How an instance ended; that the tracker gave up following it; or that it ended and what it did is
 * not shown, because whoever asked for it has no MaxCompute identity here any more (`withheld`).
 */
export type FinalOutcome = EndedState | 'abandoned' | 'withheld';

export interface FinalNotice {
  readonly outcome: FinalOutcome;
  readonly elapsedMs: number;
  /** The result or the failure's text; absent for stopped, abandoned and withheld instances. */
  readonly result?: InstanceResult;
  readonly logview: readonly LogviewEntry[];
}

export interface TrackerNotifier {
  /**
   * Redraws a running (or suspended) instance's job card in place with what `description` says.
   * `record` is the freshest copy of the instance, read by key after the description: the adapter
   * refuses when there is no card yet, or when the card is final and a running one would replace it
   * (`cardMayBeRedrawn` in tracked-instance.ts). Returns whether the card was drawn.
   */
  redrawCard(record: TrackedInstance, description: InstanceDescription): Promise<boolean>;
  /** Draws the job card in its final state, the notice's step after the reply. */
  finishCard(
    instance: TrackedInstance,
    description: InstanceDescription | undefined,
    logview: readonly LogviewEntry[],
    outcome: FinalOutcome,
  ): Promise<void>;
  /**
   * Posts the final notice as a reply in the card's thread; returns the reply's ts. A rate limit may
   * be waited out, but only until `until` (epoch ms): past it the lease could pass to another poller.
   */
  postNotice(instance: TrackedInstance, notice: FinalNotice, until?: number): Promise<string>;
  /**
   * The ts of this instance's notice if Slack already holds one (a post whose answer was lost),
   * found by the metadata every notice carries; undefined when there is none.
   */
  findPostedNotice(instance: TrackedInstance): Promise<string | undefined>;
  /** Whether the posted preview left rows or columns out, so the whole result goes up as a file. */
  needsResultFile(instance: TrackedInstance, notice: FinalNotice): boolean;
  uploadResultFile(instance: TrackedInstance, threadTs: string, notice: FinalNotice): Promise<void>;
}

/**
 * The chat service refuses a delivery for good: the bot is not in the channel, the channel is gone
 * or archived, the message to edit no longer exists. Retrying cannot help, so the tracker gives the
 * step up (logged and recorded) instead of retrying it every tick. `reason` is the service's code.
 */
export class DeliveryRefusedError extends Error {
  readonly code = 'delivery_refused';
  readonly retryable = false;
  readonly reason: string;

  constructor(reason: string, options: { cause?: unknown } = {}) {
    super(`The chat service refuses this delivery for good (${reason})`, options);
    this.name = 'DeliveryRefusedError';
    this.reason = reason;
  }
}

/** `Instance Terminated` on the project's bus, for other systems to subscribe to. */
export interface InstanceTerminatedEvent {
  readonly project: string;
  readonly instanceId: string;
  readonly status: string;
  readonly outcome: FinalOutcome;
  readonly taskStatuses: Readonly<Record<string, string>>;
  readonly durationMs: number;
  readonly logviewUrl?: string;
  readonly channelId: string;
  readonly teamId: string;
}

export interface TerminatedEventPublisher {
  publishTerminated(event: InstanceTerminatedEvent): Promise<void>;
}
