import type { InstanceReference } from '../../maxcompute/identifiers.ts';
import type { InstanceKey } from '../../tracker/ports.ts';
import type { CommandContext } from './context.ts';

/** A bare id means the default project; a Logview link names its own. */
export function instanceKey(ref: InstanceReference, context: CommandContext): InstanceKey {
  return { project: ref.project ?? context.deps.gateway.defaultProject, instanceId: ref.instanceId };
}
