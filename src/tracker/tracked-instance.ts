/**
 * What the tracker remembers about one MaxCompute instance that a channel follows: where its job
 * card lives, who started or watched it, and what was last seen. The Slack front door creates these
 * (`/odps run`, `/odps watch`); the poller keeps them current and posts the notices.
 */

export type TrackedStatus = 'Running' | 'Suspended' | 'Terminated';

export type TrackOrigin = 'run' | 'watch';

export interface TrackedInstance {
  readonly project: string;
  readonly instanceId: string;
  readonly teamId: string;
  readonly channelId: string;
  /** The job card, the message the tracker keeps updating; undefined until it is posted. */
  readonly cardTs?: string;
  /** Slack user id of whoever submitted (run) or asked to follow (watch). */
  readonly requestedBy: string;
  readonly origin: TrackOrigin;
  /** Epoch ms when the submission (or the watch) happened. */
  readonly trackedAt: number;
  /** The SQL as submitted, capped for the card; absent for watched instances. */
  readonly sql?: string;
  /** Language of the channel's messages (job card, notices), e.g. `en` or `zh-CN`. */
  readonly locale: string;
  /** Rows in the result preview (`/odps run --limit N`); the notice's default when absent. */
  readonly previewRows?: number;
  /** Users who asked to be mentioned in the completion notice. */
  readonly mentions: readonly string[];
  readonly status: TrackedStatus;
  /** The last PyODPS stage string seen, for the card. */
  readonly progress?: string;
  /** Epoch ms of the last change the tracker recorded. */
  readonly updatedAt: number;
}
