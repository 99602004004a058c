import type { InstanceKey } from '../../tracker/ports.ts';
import type { Requester } from '../access-policy.ts';
import type { Translator } from '../i18n/catalog.ts';
import type { SlackMessage } from '../messages/message.ts';
import { notice } from '../messages/notices.ts';
import { type CommandContext, type CommandReply, ephemeral, type FrontDoorDeps } from './context.ts';
import type { InstanceReference } from './grammar/instance-reference.ts';
import { instanceKey } from './instance-key.ts';

/** `/odps stop <id>` (and the card's Stop button): owner or admin only; a finished one is no error. */
export async function stop(ref: InstanceReference, context: CommandContext): Promise<CommandReply> {
  const key = instanceKey(ref, context);
  return ephemeral(await stopInstance(key, context.origin, context.deps, context.t, context.signal));
}

export async function stopInstance(
  key: InstanceKey,
  who: Requester & { readonly requestId: string },
  deps: FrontDoorDeps,
  t: Translator,
  signal: AbortSignal,
): Promise<SlackMessage> {
  const tracked = await deps.store.get(key);
  const refusal = deps.policy.mayStop(who, tracked, key.instanceId);
  if (refusal) return notice(t(refusal.key, refusal.params), ':no_entry:');
  signal.throwIfAborted();
  // Recorded before the stop, so a notice the poller posts the moment the instance ends already knows
  // who stopped it: the thread gets one reply ("stopped by … after 4s"), not a second one from here.
  // Stopping matters more than saying who did: a store that cannot record it does not hold the stop up.
  if (tracked) {
    await deps.store.recordStopRequest(key, who.userId).catch((error: unknown) => {
      deps.logger.warn('could not record who stopped the instance', {
        project: key.project,
        instanceId: key.instanceId,
        error: error instanceof Error ? error.message : String(error),
      });
    });
  }
  // As the person: MaxCompute decides too whether their identity may stop it.
  const { gateway } = await deps.callers.of(who.userId);
  const outcome = await gateway.stop(key, { signal });
  deps.logger.info('instance stop', { who: who.userId, project: key.project, instanceId: key.instanceId, outcome });
  if (outcome === 'already_terminated') return notice(t('stop.alreadyFinished', { instanceId: key.instanceId }));
  if (tracked?.cardTs) {
    // The card shows "Stopped" once the worker has read the new state; the stop itself is done.
    await deps.publisher.publish({
      kind: 'refresh',
      origin: { ...who, userLocale: t.locale, channelLocale: tracked.locale },
      ...key,
    });
  }
  return notice(t('stop.requested', { instanceId: key.instanceId }), ':octagonal_sign:');
}
