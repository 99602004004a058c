import type { InstanceKey } from '../../tracker/ports.ts';
import { notice } from '../messages/notices.ts';
import { type CommandContext, type CommandReply, ephemeral } from './context.ts';
import type { InstanceReference } from './grammar/instance-reference.ts';

/** A bare id means the default project; a Logview link names its own. */
export function instanceKey(ref: InstanceReference, context: CommandContext): InstanceKey {
  return { project: ref.project ?? context.deps.callers.defaultProject, instanceId: ref.instanceId };
}

/** The check every instance command makes first: this channel may use /odps, and this project is allowed. */
export function refuseAccess(project: string, context: CommandContext): CommandReply | undefined {
  const { deps, origin, t } = context;
  const refusal = deps.policy.mayUse(origin) ?? deps.policy.mayUseProject(project);
  return refusal ? ephemeral(notice(t(refusal.key, refusal.params), ':no_entry:')) : undefined;
}
