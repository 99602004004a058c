import { stateLabel } from '../messages/job-card.ts';
import { notice } from '../messages/notices.ts';
import { commandResult, ResultPoster } from '../result-poster.ts';
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
  const { gateway } = await context.caller();
  if (context.phase === 'ack') return { kind: 'defer', message: 'reply.working' };
  const description = await gateway.describe(key, { signal });
  if (description.status !== 'Terminated') {
    const status = stateLabel(description.status === 'Suspended' ? 'suspended' : 'running', t);
    return ephemeral(notice(t('result.notFinished', { instanceId: key.instanceId, status })));
  }
  const [outcome, tracked] = await Promise.all([gateway.result(key, { signal }), deps.store.get(key)]);
  const post = commandResult(
    key.instanceId,
    outcome,
    { csv, previewRows: tracked?.previewRows, project: key.project, exporting: true, requestedBy: origin.userId },
    t,
  );
  await new ResultPoster(deps.poster, { exporter: deps.exporter, reader: gateway }).postResult(
    origin.channelId,
    post,
    signal,
  );
  return { kind: 'silent' };
}
