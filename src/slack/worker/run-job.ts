import { audit } from '../audit.ts';
import type { FrontDoorDeps } from '../commands/context.ts';
import { describeError, slackErrorCode } from '../error-text.ts';
import type { WorkerJob } from '../handoff.ts';
import { type Locale, translator } from '../i18n/catalog.ts';
import { jobCardView } from '../job-view.ts';
import { jobCard } from '../messages/job-card.ts';
import { errorNotice } from '../messages/notices.ts';
import { deliver } from './deliver.ts';

type RunJob = Extract<WorkerJob, { kind: 'run' }>;

/** chat.postMessage allows about one message a second per channel; a busy channel waits its turn. */
const CARD_RATE_LIMIT_PATIENCE_MS = 10_000;

/**
 * Submits the SQL and posts the job card. Safe to run twice for one request: the job Guid is derived
 * from the Slack request id, so MaxCompute returns the same instance; the store keeps the first
 * record; and a card already attached is not posted again.
 */
export async function runJob(job: RunJob, deps: FrontDoorDeps, signal: AbortSignal): Promise<void> {
  const { origin } = job;
  const t = translator(origin.userLocale as Locale);
  let key: { project: string; instanceId: string };
  try {
    key = await deps.gateway.submitSql(
      { project: job.project, sql: job.sql, hints: job.hints, guid: `odps-chatops-${origin.requestId}` },
      { signal },
    );
  } catch (error) {
    const described = describeError(error, t, { project: job.project });
    await deliver(deps, origin, errorNotice(described.explanation, described.original, t));
    deps.logger.warn('submission failed', {
      requestId: origin.requestId,
      error: error instanceof Error ? error.message : String(error),
    });
    return;
  }
  const links = await deps.gateway.logview(key, { signal }).catch(() => []);
  const now = deps.now();
  const { instance } = await deps.store.track({
    ...key,
    teamId: origin.teamId,
    channelId: origin.channelId,
    requestedBy: origin.userId,
    origin: 'run',
    trackedAt: now,
    sql: job.sql.slice(0, 4000),
    locale: origin.channelLocale,
    mentions: job.mention ? [origin.userId] : [],
    ...(job.previewRows === undefined ? {} : { previewRows: job.previewRows }),
    ...(links[0] ? { logviewUrl: links[0].url } : {}),
    status: 'Running',
    updatedAt: now,
  });
  audit(deps.logger, {
    event: 'worker',
    action: 'submit',
    team: origin.teamId,
    channel: origin.channelId,
    user: origin.userId,
    requestId: origin.requestId,
    outcome: 'submitted',
    ...key,
  });
  if (instance.cardTs !== undefined) return;
  const card = jobCard(jobCardView(instance, undefined, now, links[0]?.url), translator(instance.locale as Locale));
  let ts: string;
  try {
    ts = await deps.poster.post(origin.channelId, card, {
      metadata: { project: key.project, instance_id: key.instanceId },
      patientMs: CARD_RATE_LIMIT_PATIENCE_MS,
    });
  } catch (error) {
    // The instance runs and is tracked; the channel just cannot show the card. Say so privately.
    const described = describeError(error, t, key);
    await deliver(deps, origin, errorNotice(described.explanation, slackErrorCode(error), t));
    return;
  }
  await deps.store.attachCard(key, ts);
}
