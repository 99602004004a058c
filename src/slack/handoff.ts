/**
 * Work the Slack acknowledgement cannot wait for, handed to the worker function (EventBridge on AWS,
 * an in-process queue locally). Delivery is at least once: every job carries the request id that
 * makes doing it twice harmless.
 */
export interface SlackOrigin {
  readonly requestId: string;
  readonly teamId: string;
  readonly channelId: string;
  readonly userId: string;
  readonly responseUrl?: string;
  /** Locale of replies to this user, and of messages posted to the channel. */
  readonly userLocale: string;
  readonly channelLocale: string;
}

export type WorkerJob =
  | {
      readonly kind: 'run';
      readonly origin: SlackOrigin;
      readonly project: string;
      readonly sql: string;
      readonly hints: Readonly<Record<string, string>>;
      readonly mention: boolean;
      readonly previewRows?: number;
      /** MaxCompute's job priority (`--priority`); MaxCompute's default when absent. */
      readonly priority?: number;
    }
  /** A command that ran out of acknowledgement time: the worker runs it again and answers by response_url. */
  | { readonly kind: 'command'; readonly origin: SlackOrigin; readonly text: string }
  | { readonly kind: 'stop'; readonly origin: SlackOrigin; readonly project: string; readonly instanceId: string }
  | { readonly kind: 'refresh'; readonly origin: SlackOrigin; readonly project: string; readonly instanceId: string }
  /**
   * A held query was decided (or found expired) on a button: redraw its card and its approval request,
   * and submit it when it was confirmed or approved. `origin` is the click.
   */
  | { readonly kind: 'held-run'; readonly origin: SlackOrigin; readonly requestId: string }
  /** The tracker's notice of a result the result API cut: export it whole into the notice's thread. */
  | {
      readonly kind: 'export';
      readonly project: string;
      readonly instanceId: string;
      readonly channelId: string;
      readonly threadTs: string;
      readonly locale: string;
      /** Who started the instance: they (or an admin) may cancel the export. */
      readonly requestedBy: string;
    };

export const WORKER_DETAIL_TYPE = 'Slack Work Requested';
export const EVENT_SOURCE = 'odps-chatops';

export interface WorkPublisher {
  publish(job: WorkerJob): Promise<void>;
}
