import type { InstanceDescription, LogviewEntry } from '../tracker/maxcompute-gateway.ts';
import {
  DeliveryRefusedError,
  type FinalNotice,
  type FinalOutcome,
  type TrackerNotifier,
} from '../tracker/notifier.ts';
import type { TrackedInstance } from '../tracker/tracked-instance.ts';
import { slackErrorCode } from './error-text.ts';
import type { WorkPublisher } from './handoff.ts';
import { JobCardOwner } from './job-card-owner.ts';
import { isCutTable, needsFile, noticeResult, ResultPoster } from './result-poster.ts';
import type { SlackPoster } from './slack-poster.ts';
import { isRefusedForGood } from './slack-refusals.ts';

/** Without a deadline from the caller, how long a rate limit may be waited out. */
const DEFAULT_PATIENCE_MS = 15_000;

/** Runs a Slack call, turning a permanent refusal into the tracker's DeliveryRefusedError. */
async function refusalsAsDomainErrors<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const code = slackErrorCode(error);
    if (code !== undefined && isRefusedForGood(code)) throw new DeliveryRefusedError(code, { cause: error });
    throw error;
  }
}

/**
 * The tracker's notifier on Slack: the job card through its owner (job-card-owner.ts) and the notice
 * through the result poster (result-poster.ts), as the front door draws and posts them, in the
 * channel's language. Notices go in the card's thread (or the channel when there is no card).
 */
export class SlackTrackerNotifier implements TrackerNotifier {
  readonly #poster: SlackPoster;
  readonly #now: () => number;
  readonly #card: JobCardOwner;
  readonly #results: ResultPoster;
  readonly #exports: WorkPublisher | undefined;

  /**
   * `exports`: where a cut result's export is handed (the worker, through the bus), so it never runs
   * inside a poller tick. Without it the notice attaches the result API's partial CSV.
   */
  constructor(poster: SlackPoster, now: () => number, exports?: WorkPublisher) {
    this.#poster = poster;
    this.#now = now;
    this.#card = new JobCardOwner(poster, now);
    this.#results = new ResultPoster(poster);
    this.#exports = exports;
  }

  redrawCard(record: TrackedInstance, description: InstanceDescription): Promise<boolean> {
    return refusalsAsDomainErrors(() => this.#card.redraw(record, description));
  }

  finishCard(
    instance: TrackedInstance,
    description: InstanceDescription | undefined,
    logview: readonly LogviewEntry[],
    outcome: FinalOutcome,
  ): Promise<void> {
    return refusalsAsDomainErrors(() => this.#card.finish(instance, description, logview, outcome === 'withheld'));
  }

  postNotice(instance: TrackedInstance, notice: FinalNotice, until?: number): Promise<string> {
    return refusalsAsDomainErrors(() =>
      this.#results.postMessage(instance.channelId, noticeResult(instance, notice, this.#exporting(notice)), {
        ...(instance.cardTs ? { threadTs: instance.cardTs } : {}),
        metadata: { project: instance.project, instance_id: instance.instanceId },
        kind: 'odps_notice',
        // Waiting out Slack's per-channel rate limit beats failing, but never past the caller's lease.
        patientMs: until === undefined ? DEFAULT_PATIENCE_MS : Math.max(0, until - this.#now()),
      }),
    );
  }

  findPostedNotice(instance: TrackedInstance): Promise<string | undefined> {
    return refusalsAsDomainErrors(() =>
      this.#poster.findMessage(instance.channelId, {
        kind: 'odps_notice',
        metadata: { project: instance.project, instance_id: instance.instanceId },
        ...(instance.cardTs ? { threadTs: instance.cardTs } : { oldestMs: instance.trackedAt }),
      }),
    );
  }

  needsResultFile(instance: TrackedInstance, notice: FinalNotice): boolean {
    return needsFile(noticeResult(instance, notice));
  }

  /** The result API's file, or, for a result it cut, the hand-off of its export to the worker. */
  async uploadResultFile(instance: TrackedInstance, threadTs: string, notice: FinalNotice): Promise<void> {
    if (this.#exports && this.#exporting(notice)) {
      const { project, instanceId, channelId, locale, requestedBy } = instance;
      await this.#exports.publish({ kind: 'export', project, instanceId, channelId, threadTs, locale, requestedBy });
      return;
    }
    await refusalsAsDomainErrors(() =>
      this.#results.uploadFile(instance.channelId, threadTs, noticeResult(instance, notice)),
    );
  }

  #exporting(notice: FinalNotice): boolean {
    return this.#exports !== undefined && isCutTable(notice.result);
  }
}
