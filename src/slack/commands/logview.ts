import type { InstanceReference } from '../../maxcompute/identifiers.ts';
import { logviewMessage, notice } from '../messages/notices.ts';
import { type CommandContext, type CommandReply, ephemeral } from './context.ts';
import { instanceKey } from './instance-key.ts';

/** `/odps logview <id>`: the link, or one per sub-instance for an XFlow. Ephemeral: links carry a token. */
export async function logview(ref: InstanceReference, context: CommandContext): Promise<CommandReply> {
  const { deps, origin, t, signal } = context;
  const key = instanceKey(ref, context);
  const refusal = deps.policy.mayUse(origin) ?? deps.policy.mayUseProject(key.project);
  if (refusal) return ephemeral(notice(t(refusal.key, refusal.params), ':no_entry:'));
  const links = await deps.gateway.logview(key, { signal });
  return ephemeral(logviewMessage(key.instanceId, links, t));
}
