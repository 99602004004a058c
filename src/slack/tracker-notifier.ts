import type { InstanceDescription, LogviewEntry } from '../tracker/maxcompute-gateway.ts';
import type { FinalNotice, TrackerNotifier } from '../tracker/notifier.ts';
import type { TrackedInstance } from '../tracker/tracked-instance.ts';
import { type Locale, translator } from './i18n/catalog.ts';
import { formatBytes, formatCount } from './i18n/format.ts';
import { jobCardView } from './job-view.ts';
import { finalNoticeMessage } from './messages/final-notice.ts';
import { jobCard } from './messages/job-card.ts';
import type { SlackPoster } from './slack-poster.ts';

/** Without a deadline from the caller, how long a rate limit may be waited out. */
const DEFAULT_PATIENCE_MS = 15_000;

/**
 * The tracker's notifier on Slack: the same job card and builders as the front door, in the
 * channel's language. Notices go in the card's thread (or the channel when there is no card).
 */
export class SlackTrackerNotifier implements TrackerNotifier {
  readonly #poster: SlackPoster;
  readonly #now: () => number;

  constructor(poster: SlackPoster, now: () => number) {
    this.#poster = poster;
    this.#now = now;
  }

  async updateCard(
    instance: TrackedInstance,
    description: InstanceDescription | undefined,
    logview: readonly LogviewEntry[],
  ): Promise<void> {
    if (instance.cardTs === undefined) return;
    const view = jobCardView(instance, description, this.#now(), logview[0]?.url ?? instance.logviewUrl);
    await this.#poster.update(
      instance.channelId,
      instance.cardTs,
      jobCard(view, translator(instance.locale as Locale)),
    );
  }

  async postNotice(instance: TrackedInstance, notice: FinalNotice, until?: number): Promise<string> {
    const { message } = this.#render(instance, notice);
    return this.#poster.post(instance.channelId, message, {
      ...(instance.cardTs ? { threadTs: instance.cardTs } : {}),
      metadata: { project: instance.project, instance_id: instance.instanceId },
      kind: 'odps_notice',
      // Waiting out Slack's per-channel rate limit beats failing, but never past the caller's lease.
      patientMs: until === undefined ? DEFAULT_PATIENCE_MS : Math.max(0, until - this.#now()),
    });
  }

  findPostedNotice(instance: TrackedInstance): Promise<string | undefined> {
    return this.#poster.findMessage(instance.channelId, {
      kind: 'odps_notice',
      metadata: { project: instance.project, instance_id: instance.instanceId },
      ...(instance.cardTs ? { threadTs: instance.cardTs } : { oldestMs: instance.trackedAt }),
    });
  }

  needsResultFile(instance: TrackedInstance, notice: FinalNotice): boolean {
    const kind = notice.result?.kind;
    return (kind === 'table' || kind === 'text') && !this.#render(instance, notice).complete;
  }

  async uploadResultFile(instance: TrackedInstance, threadTs: string, notice: FinalNotice): Promise<void> {
    const result = notice.result;
    if (result?.kind !== 'table' && result?.kind !== 'text') return;
    const t = translator(instance.locale as Locale);
    const content = result.kind === 'table' ? result.csv : result.text;
    const rows = result.kind === 'table' ? result.table.rows.length : 0;
    await this.#poster.uploadCsv({
      channel: instance.channelId,
      threadTs,
      filename: `${instance.instanceId}.${result.kind === 'table' ? 'csv' : 'txt'}`,
      content,
      comment: t('result.csvComment', {
        rows: formatCount(rows, t.locale),
        size: formatBytes(Buffer.byteLength(content), t.locale),
      }),
    });
  }

  #render(instance: TrackedInstance, notice: FinalNotice) {
    return finalNoticeMessage(
      instance.instanceId,
      notice,
      instance.mentions,
      instance.previewRows,
      translator(instance.locale as Locale),
    );
  }
}
