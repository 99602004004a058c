import { JobCardOwner } from '../job-card-owner.ts';
import { notice } from '../messages/notices.ts';
import { type CommandContext, type CommandReply, checkBudget, ephemeral } from './context.ts';
import type { InstanceReference } from './grammar/instance-reference.ts';
import { instanceKey, refuseAccess } from './instance-key.ts';

/**
 * `/odps watch <id | Logview link>`: follow an instance started elsewhere (DataWorks, odpscmd,
 * PyODPS). It gets a job card here, which the tracker keeps current and finishes with the notice.
 */
export async function watch(ref: InstanceReference, mention: boolean, context: CommandContext): Promise<CommandReply> {
  const { deps, origin, t, signal } = context;
  const key = instanceKey(ref, context);
  const refused = refuseAccess(key.project, context);
  if (refused) return refused;
  // Read as the watcher: MaxCompute decides whether they may follow it at all.
  const { gateway } = await context.caller();
  const [description, links] = await Promise.all([
    gateway.describe(key, { signal }),
    gateway.logview(key, { signal }).catch(() => []),
  ]);
  checkBudget(context);
  const now = deps.now();
  const { created, instance } = await deps.store.track({
    ...key,
    teamId: origin.teamId,
    channelId: origin.channelId,
    requestedBy: origin.userId,
    origin: 'watch',
    trackedAt: now,
    ...(description.startTime ? { startedAt: description.startTime.getTime() } : {}),
    locale: context.channelLocale,
    mentions: mention ? [origin.userId] : [],
    ...(links[0] ? { logviewUrl: links[0].url } : {}),
    status: description.status,
    updatedAt: now,
  });
  if (!created && instance.channelId !== origin.channelId) {
    return ephemeral(notice(t('watch.already', { instanceId: key.instanceId })));
  }
  if (instance.cardTs === undefined) {
    checkBudget(context);
    const ts = await new JobCardOwner(deps.poster, deps.now).post(instance, description, instance.logviewUrl);
    await deps.store.attachCard(key, ts);
  } else if (!created) {
    return ephemeral(notice(t('watch.already', { instanceId: key.instanceId })));
  }
  return ephemeral(notice(t('watch.started', { instanceId: key.instanceId }), ':eyes:'));
}
