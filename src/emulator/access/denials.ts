import { randomUUID } from 'node:crypto';
import { ApiError } from '../http/api-error.ts';

/**
 * MaxCompute's authorization failures, in the forms its documentation and captured errors show:
 *   - a REST request: 403 `NoPermission`, message `ODPS-0420095: Access Denied - …`;
 *   - SQL, found when the task is compiled: the task fails with
 *     `ODPS-0130013:Authorization exception - Authorization Failed [4019], You have NO privilege
 *     'odps:Select' on {acs:odps:*:projects/p/tables/t}. Context ID:…` and the principal in the tips.
 * See docs/maxcompute-protocol.md, "Authorization failures".
 */

/** A privilege MaxCompute checks: the action and the resource's ACS name. */
export interface Privilege {
  readonly action: string;
  readonly resource: string;
}

export const projectResource = (project: string) => `acs:odps:*:projects/${project}`;
export const tableResource = (project: string, table: string) => `acs:odps:*:projects/${project}/tables/${table}`;
export const instanceResource = (project: string, id: string) => `acs:odps:*:projects/${project}/instances/${id}`;
export const functionResource = (project: string, name: string) =>
  `acs:odps:*:projects/${project}/registration/functions/${name}`;

/** [4002]: the principal is not a member of the project at all. */
export function notProjectMember(project: string): ApiError {
  return new ApiError(
    403,
    'NoPermission',
    `ODPS-0420095: Access Denied - Authorization Failed [4002], You don't exist in project ${project}.`,
  );
}

/** [4019]: a member, but no grant allows this action on this resource. */
export function privilegeDenied(privilege: Privilege): ApiError {
  return new ApiError(
    403,
    'NoPermission',
    `ODPS-0420095: Access Denied - Authorization Failed [4019], You have NO privilege '${privilege.action}' on {${privilege.resource}}.`,
  );
}

/** The failure text of an SQL task the principal may not run. */
export function sqlPrivilegeFailure(privilege: Privilege, project: string, principal: string): string {
  return (
    `ODPS-0130013:Authorization exception - Authorization Failed [4019], You have NO privilege '${privilege.action}' ` +
    `on {${privilege.resource}}. Context ID:${randomUUID()}.\t--->Tips: CurrentProject:${project}; Principal:${principal};`
  );
}
