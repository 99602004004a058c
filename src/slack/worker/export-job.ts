import type { FrontDoorDeps } from '../commands/context.ts';
import type { WorkerJob } from '../handoff.ts';
import { type Locale, translator } from '../i18n/catalog.ts';
import { notice } from '../messages/notices.ts';
import { commandResult, ResultPoster } from '../result-poster.ts';

type ExportJob = Extract<WorkerJob, { kind: 'export' }>;

/**
 * How long an export may take: the worker function's 15-minute timeout (serverless.yml) less a
 * minute, so a slow export ends with its message in the thread rather than being cut off by Lambda.
 */
export const EXPORT_BUDGET_MS = 14 * 60 * 1000;

/** How long a hand-off is remembered: past the bus's redeliveries and Lambda's two retries. */
const EXPORT_CLAIM_SECONDS = 6 * 3600;

/**
 * The export the tracker's notice handed off (a result the result API cut), in the worker, where it
 * may take minutes without holding up a poller tick. A hand-off delivered twice exports once (a claim
 * in the store). When the export is refused or fails, the thread has been told why and gets the
 * result API's partial CSV, called partial: the thread never ends with only a promise.
 */
export async function exportJob(job: ExportJob, deps: FrontDoorDeps, signal: AbortSignal): Promise<void> {
  const { project, instanceId, channelId, threadTs } = job;
  if (!(await deps.store.claimOnce(`export#${project}#${instanceId}#${threadTs}`, EXPORT_CLAIM_SECONDS))) {
    deps.logger.info('export already handed off', { project, instanceId });
    return;
  }
  const t = translator(job.locale as Locale);
  const key = { project, instanceId };
  const place = { channel: channelId, threadTs, requestedBy: job.requestedBy };
  // Read as whoever started it, as they are mapped now (issue #17); nobody, when they no longer are.
  const reader = await deps.callers.readerOf(job.requestedBy);
  if (reader.kind === 'withheld') {
    await deps.poster.post(channelId, notice(t('export.withheld'), ':lock:'), { threadTs });
    return;
  }
  const exported = await deps.exporter.export(reader.gateway, key, place, t, signal);
  // Shared, or cancelled by the person it was for: nothing more goes up.
  if (exported.kind !== 'refused' && exported.kind !== 'failed') return;
  const partial = await reader.gateway.result(key, { signal });
  await new ResultPoster(deps.poster).uploadFile(
    channelId,
    threadTs,
    commandResult(instanceId, partial, { csv: true }, t),
  );
}
