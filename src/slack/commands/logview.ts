import { logviewMessage } from '../messages/notices.ts';
import { type CommandContext, type CommandReply, ephemeral } from './context.ts';
import type { InstanceReference } from './grammar/instance-reference.ts';
import { instanceKey, refuseAccess } from './instance-key.ts';

/** `/odps logview <id>`: the link, or one per sub-instance for an XFlow. Ephemeral: links carry a token. */
export async function logview(ref: InstanceReference, context: CommandContext): Promise<CommandReply> {
  const { t, signal } = context;
  const key = instanceKey(ref, context);
  const refused = refuseAccess(key.project, context);
  if (refused) return refused;
  const { gateway } = await context.caller();
  const links = await gateway.logview(key, { signal });
  return ephemeral(logviewMessage(key.instanceId, links, t));
}
