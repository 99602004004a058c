import type { EmulatorRole } from '../options.ts';
import { parseRoleArn, roleKey } from './role-arn.ts';

/** RAM's bounds on a role's MaxSessionDuration, in seconds; 3600 when not set. */
export const MIN_MAX_SESSION_SECONDS = 3600;
export const MAX_MAX_SESSION_SECONDS = 43_200;

const QUALIFIED_TABLE = /^[A-Za-z][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The roles an emulator serves, looked up by ARN as STS does (the role name without regard to case).
 * Construction refuses a role that could not exist or that names a project the emulator lacks, so a
 * typo in a test's options fails at start, not as a puzzling refusal later.
 */
export class RoleDirectory {
  private readonly byKey = new Map<string, EmulatorRole>();

  constructor(roles: readonly EmulatorRole[], projects: readonly string[]) {
    for (const role of roles) {
      const name = parseRoleArn(role.arn);
      if (name === undefined) throw new Error(`Role ARN must be acs:ram::<account id>:role/<name>: ${role.arn}`);
      if (this.byKey.has(roleKey(name))) throw new Error(`Duplicate role ${role.arn}`);
      checkRole(role, projects);
      this.byKey.set(roleKey(name), role);
    }
  }

  find(arn: string): EmulatorRole | undefined {
    const name = parseRoleArn(arn);
    return name === undefined ? undefined : this.byKey.get(roleKey(name));
  }
}

/** The longest session a role allows (RAM's MaxSessionDuration). */
export function maxSessionSeconds(role: EmulatorRole): number {
  return role.maxSessionSeconds ?? MIN_MAX_SESSION_SECONDS;
}

function checkRole(role: EmulatorRole, projects: readonly string[]): void {
  const max = maxSessionSeconds(role);
  if (!Number.isInteger(max) || max < MIN_MAX_SESSION_SECONDS || max > MAX_MAX_SESSION_SECONDS) {
    throw new Error(`Role ${role.arn}: maxSessionSeconds must be an integer within 3600..43200, got ${max}`);
  }
  for (const project of role.projects) {
    if (!projects.includes(project)) throw new Error(`Role ${role.arn} names a project the emulator lacks: ${project}`);
  }
  for (const table of role.unreadableTables ?? []) {
    if (!QUALIFIED_TABLE.test(table))
      throw new Error(`Role ${role.arn}: unreadable table must be project.table: ${table}`);
  }
}
