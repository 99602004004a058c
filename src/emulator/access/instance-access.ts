import type { Caller } from '../context.ts';
import type { InstanceRecord } from '../model/instance.ts';
import { instanceResource, notProjectMember, privilegeDenied } from './denials.ts';

/**
 * What a role's session may do outside its SQL. An account (no session) may do everything.
 *   - any request about a project the role is not a member of: 403 [4002];
 *   - an instance another principal created: reading it (status, result, summary, the tunnel) needs
 *     `odps:Read` and stopping it `odps:Write` on the instance, which MaxCompute grants its creator,
 *     and which an administrator role (`stopsAnyInstance`) has on every instance.
 * Listing the project's instances needs `odps:List`, which every member has: the list shows others'
 * instances (their owners included) but not what is in them.
 */
export function assertProjectMember(caller: Caller, project: string): void {
  const session = caller.session;
  if (session !== undefined && !session.role.projects.includes(project)) throw notProjectMember(project);
}

export type InstanceAction = 'odps:Read' | 'odps:Write';

export function assertInstanceAccess(caller: Caller, instance: InstanceRecord, action: InstanceAction): void {
  const session = caller.session;
  if (session === undefined || session.role.stopsAnyInstance === true) return;
  if (instance.owner === session.principal) return;
  throw privilegeDenied({ action, resource: instanceResource(instance.project, instance.id) });
}
