import type { RunAs } from '../identity/run-as.ts';
import type { InstanceDescription } from './maxcompute-gateway.ts';

/**
 * What the tracker remembers about one MaxCompute instance that a channel follows: where its job
 * card lives, who started or watched it, and what was last seen. The Slack front door creates these
 * (`/odps run`, `/odps watch`); the poller keeps them current and posts the notices.
 */

/** How much of a query's SQL a record keeps (characters, not UTF-16 units): the card shows less. */
export const STORED_SQL_CHARS = 4000;

/** The SQL to store and, when it had to be cut, its whole length, so the card can say "of 5,021". */
export function storedSql(sql: string): Pick<TrackedInstance, 'sql' | 'sqlLength'> {
  const characters = [...sql];
  if (characters.length <= STORED_SQL_CHARS) return { sql };
  return { sql: characters.slice(0, STORED_SQL_CHARS).join(''), sqlLength: characters.length };
}

/** How an instance ended, read from its tasks (the instance's own status only says Terminated). */
export type EndedState = 'succeeded' | 'failed' | 'cancelled';

/** Where an instance is now: the card, the list and the notice all say it this way. */
export type InstanceState = 'running' | 'suspended' | EndedState;

/**
 * The one rule for an instance's state: a failed task fails it, a cancelled one means it was stopped,
 * and it succeeded only when MaxCompute says every task did.
 */
export function instanceStateOf(
  description: Pick<InstanceDescription, 'status' | 'successful' | 'tasks'>,
): InstanceState {
  if (description.status === 'Suspended') return 'suspended';
  if (description.status === 'Running') return 'running';
  return endedStateOf(description);
}

/** How an ended instance ended, from its task statuses. */
export function endedStateOf(description: Pick<InstanceDescription, 'successful' | 'tasks'>): EndedState {
  if (description.tasks.some((task) => task.status === 'FAILED')) return 'failed';
  if (description.tasks.some((task) => task.status === 'CANCELLED')) return 'cancelled';
  return description.successful ? 'succeeded' : 'failed';
}

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
  /** Epoch ms when MaxCompute started the instance, when known at tracking (a watch's is earlier). */
  readonly startedAt?: number;
  /** The SQL as submitted, capped at {@link STORED_SQL_CHARS} for the card; absent for watched instances. */
  readonly sql?: string;
  /** The submitted SQL's whole length in characters, when the stored copy was cut. */
  readonly sqlLength?: number;
  /** Language of the channel's messages (job card, notices), e.g. `en` or `zh-CN`. */
  readonly locale: string;
  /** The instance's Logview link, kept for the card's button on every redraw. */
  readonly logviewUrl?: string;
  /** Rows in the result preview (`/odps run --limit N`); the notice's default when absent. */
  readonly previewRows?: number;
  /** Who asked (through /odps stop or the card's Stop) to stop it, for the notice: "stopped by …". */
  readonly stopRequestedBy?: string;
  /** Users who asked to be mentioned in the completion notice. */
  readonly mentions: readonly string[];
  readonly status: TrackedStatus;
  /** The last PyODPS stage string seen, for the card. */
  readonly progress?: string;
  /** Epoch ms of the last change the tracker recorded. */
  readonly updatedAt: number;
  /** Mean finished percentage when progress was last read. */
  readonly percent?: number;
  /** The final notice's progress; absent until the instance ends (or is given up on). */
  readonly notice?: NoticeState;
  /** What the run was estimated to cost before it was submitted (absent when runs are not estimated). */
  readonly cost?: TrackedCost;
  /** Who let a held run go (its submitter's confirmation or an approver's approval), and when. */
  readonly release?: TrackedRelease;
  /**
   * Who it was submitted as (issue #17): a person's role session, or the bot's account for an
   * unmapped person (ODPS_IDENTITY_MODE=person-or-bot). Absent in bot mode, and for watched instances.
   */
  readonly runAs?: RunAs;
}

export interface TrackedRelease {
  readonly kind: 'confirmed' | 'approved';
  /** Slack user id. */
  readonly by: string;
  /** Epoch ms. */
  readonly at: number;
}

/** A run's cost estimate as the card shows it: MaxCompute's figures priced, or the estimate failed. */
export type TrackedCost =
  | {
      readonly kind: 'estimated';
      readonly inputBytes: number;
      readonly complexity: number;
      readonly price: number;
      readonly currency: string;
    }
  | { readonly kind: 'failed' };

/**
 * The one rule for redrawing a job card: a final card is never replaced by a running one. The card
 * is final once its notice is under way (claimed or done) or the record's last status is Terminated;
 * a card drawn from a status of Terminated is final itself and may always be drawn. Asked of the
 * freshest record, read by key after MaxCompute's answer: another poller may have seen the instance
 * end and finished its card while a running answer was on its way, and a running card drawn then
 * would replace the final one for good.
 */
export function cardMayBeRedrawn(record: Pick<TrackedInstance, 'notice' | 'status'>, drawn: TrackedStatus): boolean {
  return drawn === 'Terminated' || (record.notice === undefined && record.status !== 'Terminated');
}

/**
 * What the active index keeps of each tracked instance: what a tick needs to decide, for 10,000
 * instances at once (a record with 4,000 characters of SQL is some 4 KB; this, a few hundred bytes).
 * A tick reads the whole record only for the few instances it acts on.
 */
export const ACTIVE_FIELDS = [
  'project',
  'instanceId',
  'origin',
  'trackedAt',
  'status',
  'progress',
  'updatedAt',
  'cardTs',
  'notice',
] as const satisfies readonly (keyof TrackedInstance)[];

export type ActiveInstance = Pick<TrackedInstance, (typeof ACTIVE_FIELDS)[number]>;

/** The {@link ACTIVE_FIELDS} of a record (or of anything holding them), undefined ones left out. */
export function activeOf(source: Partial<Record<keyof ActiveInstance, unknown>>): ActiveInstance {
  const active: Record<string, unknown> = {};
  for (const name of ACTIVE_FIELDS) if (source[name] !== undefined) active[name] = source[name];
  return active as unknown as ActiveInstance;
}

/**
 * Exactly-once notices. A poller claims the notice with a lease before posting; each step it
 * completes is recorded (the posted ts, the CSV, the event), so a poller that takes over an
 * expired lease skips what Slack already accepted and does only the rest.
 */
export interface NoticeState {
  /** `claimed` while a poller holds the lease; `done` once every step is recorded. */
  readonly state: 'claimed' | 'done';
  /** Whoever holds the claim; steps are recorded only under this token. */
  readonly token: string;
  /** Epoch ms after which another poller may take the claim over. */
  readonly leaseUntil: number;
  /**
   * Epoch ms of the first attempt to post the notice. Set before the post is sent: when a poller
   * takes over and finds it without a `postedTs`, Slack may have accepted that post (the poller died,
   * or its call outlived the lease), so the taker looks for it in Slack before posting again.
   */
  readonly postAttemptedAt?: number;
  /** The threaded notice's ts, once Slack accepted it. */
  readonly postedTs?: string;
  readonly csvPosted?: boolean;
  readonly eventPublished?: boolean;
  readonly cardFinal?: boolean;
  /**
   * Why Slack refuses the notice for good (e.g. `not_in_channel`, `channel_not_found`), when it
   * does: the notice is then given up, logged and recorded here instead of being retried forever.
   */
  readonly undeliverable?: string;
}

/** The parts of a notice recorded step by step under a claim (see finalize.ts). */
export type NoticeStep = Partial<
  Pick<NoticeState, 'postAttemptedAt' | 'postedTs' | 'csvPosted' | 'eventPublished' | 'cardFinal' | 'undeliverable'>
>;
