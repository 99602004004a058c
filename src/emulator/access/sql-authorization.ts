import type { DuckDBConnection } from '@duckdb/node-api';
import type { TaskSpec } from '../model/instance.ts';
import type { EmulatorRole } from '../options.ts';
import { prepareScript, type SqlStep } from '../sql/dialect.ts';
import type { SqlEngine } from '../sql/engine.ts';
import { collectTables } from '../sql/lineage.ts';
import type { AssumedRoleSession } from './credential-authority.ts';
import { type Privilege, sqlPrivilegeFailure, tableResource } from './denials.ts';
import { writePrivilege } from './statement-privileges.ts';

/** Task types whose SQL MaxCompute compiles, and so authorizes, before running (or estimating) it. */
const AUTHORIZED_TASKS = new Set(['SQL', 'SQLRT', 'SQLCost']);
const RESOURCE_PROJECT = /^acs:odps:\*:projects\/([^/]+)/;

/**
 * The failure text of a task its session may not run, or undefined. MaxCompute checks privileges
 * when it compiles the SQL, so a refused task fails like a compile error: the instance exists and
 * ends Failed, no stage ran. An estimate (SQLCost) compiles the same SQL, so it is refused the
 * same way. Statement by statement: a change needs `writes` (and a project the role belongs to),
 * and every table the statement reads (sql/lineage.ts) must be readable to the role.
 */
export async function authorizationFailure(
  engine: SqlEngine,
  project: string,
  task: TaskSpec,
  session: AssumedRoleSession | undefined,
): Promise<string | undefined> {
  if (session === undefined || !AUTHORIZED_TASKS.has(task.type)) return undefined;
  const { steps } = prepareScript(task.query);
  const denied = await engine.inProject(project, async (connection) => {
    for (const step of steps) {
      const privilege = deniedPrivilege(connection, step, project, session.role);
      if (privilege !== undefined) return privilege;
    }
    return undefined;
  });
  return denied === undefined ? undefined : sqlPrivilegeFailure(denied, project, session.principal);
}

/** Whether the role may read `project.table` (odps:Select). */
export function mayRead(role: EmulatorRole, table: string): boolean {
  const [owner = '', name = ''] = table.toLowerCase().split('.');
  if (!role.projects.some((project) => project.toLowerCase() === owner)) return false;
  return !(role.unreadableTables ?? []).some((unreadable) => unreadable.toLowerCase() === `${owner}.${name}`);
}

function deniedPrivilege(
  connection: DuckDBConnection,
  step: SqlStep,
  project: string,
  role: EmulatorRole,
): Privilege | undefined {
  if (step.kind !== 'sql') return undefined;
  const write = writePrivilege(step.text, project);
  if (write !== undefined && (!role.writes || !inRoleProject(role, write.resource))) return write;
  const inputs = new Set<string>();
  collectTables(connection, step, project, inputs, new Set<string>());
  for (const table of inputs) {
    if (mayRead(role, table)) continue;
    const [owner = project, name = ''] = table.toLowerCase().split('.');
    return { action: 'odps:Select', resource: tableResource(owner, name) };
  }
  return undefined;
}

function inRoleProject(role: EmulatorRole, resource: string): boolean {
  const owner = RESOURCE_PROJECT.exec(resource)?.[1] ?? '';
  return role.projects.some((project) => project.toLowerCase() === owner.toLowerCase());
}
