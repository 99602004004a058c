import type { InstanceResult } from '../../tracker/maxcompute-gateway.ts';
import type { InstanceKey } from '../../tracker/ports.ts';
import type { Translator } from '../i18n/catalog.ts';
import { failureMessage } from '../messages/failure.ts';
import { stateLabel } from '../messages/job-card.ts';
import { notice } from '../messages/notices.ts';
import { type ResultFile, resultFile } from '../messages/result-file.ts';
import { DEFAULT_PREVIEW, resultPreview, textResult } from '../messages/result-preview.ts';
import type { SlackPoster } from '../slack-poster.ts';
import { type CommandContext, type CommandReply, ephemeral } from './context.ts';
import type { InstanceReference } from './grammar/instance-reference.ts';
import { instanceKey, refuseAccess } from './instance-key.ts';

/**
 * `/odps result <id> [--csv]`: re-post a finished instance's result preview in the channel, with the
 * CSV when the preview is not the whole result (or when asked). Reading a result and uploading a
 * file does not fit in 3 seconds, so the acknowledgement always hands it to the worker.
 */
export async function result(ref: InstanceReference, csv: boolean, context: CommandContext): Promise<CommandReply> {
  const { deps, origin, t, signal } = context;
  const key = instanceKey(ref, context);
  const refused = refuseAccess(key.project, context);
  if (refused) return refused;
  if (context.phase === 'ack') return { kind: 'defer', message: 'reply.working' };
  const description = await deps.gateway.describe(key, { signal });
  if (description.status !== 'Terminated') {
    const status = stateLabel(description.status === 'Suspended' ? 'suspended' : 'running', t);
    return ephemeral(notice(t('result.notFinished', { instanceId: key.instanceId, status })));
  }
  const [outcome, tracked] = await Promise.all([deps.gateway.result(key, { signal }), deps.store.get(key)]);
  const previewRows = tracked?.previewRows ?? DEFAULT_PREVIEW.maxRows;
  await postResult(deps.poster, origin.channelId, undefined, key, outcome, { csv, previewRows }, t);
  return { kind: 'silent' };
}

/** Posts a result where people read it; shared with the run worker and, later, the tracker's notice. */
export async function postResult(
  poster: SlackPoster,
  channel: string,
  threadTs: string | undefined,
  key: InstanceKey,
  outcome: InstanceResult,
  options: { csv: boolean; previewRows: number },
  t: Translator,
): Promise<void> {
  switch (outcome.kind) {
    case 'failed':
      await poster.post(channel, failureMessage(key.instanceId, outcome.errorText, t), { threadTs });
      return;
    case 'cancelled':
      await poster.post(channel, notice(t('outcome.cancelled'), ':octagonal_sign:'), { threadTs });
      return;
    case 'text': {
      const preview = textResult(key.instanceId, outcome.text, t);
      const ts = await poster.post(channel, preview.message, { threadTs });
      if (!preview.complete) await upload(poster, channel, threadTs ?? ts, resultFile(key.instanceId, outcome, t));
      return;
    }
    case 'table': {
      const preview = resultPreview(
        outcome.table,
        t,
        { ...DEFAULT_PREVIEW, maxRows: Math.min(options.previewRows, 99) },
        outcome.completeness,
      );
      const ts = await poster.post(channel, preview.message, { threadTs });
      if (!preview.complete || options.csv) {
        await upload(poster, channel, threadTs ?? ts, resultFile(key.instanceId, outcome, t));
      }
    }
  }
}

function upload(poster: SlackPoster, channel: string, threadTs: string, file: ResultFile): Promise<void> {
  return poster.uploadCsv({ channel, threadTs, ...file });
}
