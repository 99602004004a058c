import { statusMessage } from '../messages/status.ts';
import { type CommandContext, type CommandReply, ephemeral } from './context.ts';
import type { InstanceReference } from './grammar/instance-reference.ts';
import { instanceKey, refuseAccess } from './instance-key.ts';

/** `/odps status <id | Logview link>`: status, is_successful, tasks and their stage strings. */
export async function status(ref: InstanceReference, context: CommandContext): Promise<CommandReply> {
  const { t, signal } = context;
  const key = instanceKey(ref, context);
  const refused = refuseAccess(key.project, context);
  if (refused) return refused;
  const { gateway } = await context.caller();
  const description = await gateway.describe(key, { signal });
  return ephemeral(statusMessage(description, t));
}
