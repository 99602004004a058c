import type { Env } from '../config/env-reader.ts';
import type { EmulatorAccount, EmulatorOptions, EmulatorRole, RunningEmulator } from '../emulator/index.ts';

/**
 * Who is who in `npm start` (issue #17): the bot signs as a RAM user of the emulator's account (STS
 * lets no root account assume a role), which two RAM roles trust: an analyst who may read the
 * project's tables but not `salaries`, and an admin who may read and write everything and stop
 * anyone's query. The simulator's people are mapped to them in configuration (ODPS_IDENTITY_MAP), so
 * a newcomer sees a refused read in MaxCompute's own words; Grace is mapped to nobody and runs as the
 * bot (ODPS_IDENTITY_MODE=person-or-bot), which her job card says. Any of it may be overridden in the
 * environment as a real deployment would set it.
 */

const ACCOUNT_ID = '1234567890123456';

export const LOCAL_ANALYST_ROLE = `acs:ram::${ACCOUNT_ID}:role/odps-analyst`;
export const LOCAL_ADMIN_ROLE = `acs:ram::${ACCOUNT_ID}:role/odps-admin`;

/** The bot's own AccessKey in the emulator: a RAM user, as a production bot should be. */
export const LOCAL_BOT_ACCOUNT: EmulatorAccount = {
  accessId: 'odps-chatops-bot',
  secret: 'odps-chatops-bot-secret',
  owner: `RAM$${ACCOUNT_ID}:odps-chatops-bot`,
};

/** The simulator's people (src/slack-standin/simulator/workspace.ts) and their roles. */
const LOCAL_IDENTITY_MAP = `U0ADA=${LOCAL_ANALYST_ROLE},U0LILEI=${LOCAL_ADMIN_ROLE}`;

/** The two roles, trusting the bot, on `project`. */
export function localRoles(project: string): EmulatorRole[] {
  const trustedAccessIds = [LOCAL_BOT_ACCOUNT.accessId];
  return [
    {
      arn: LOCAL_ANALYST_ROLE,
      trustedAccessIds,
      projects: [project],
      unreadableTables: [`${project}.salaries`],
      writes: false,
    },
    { arn: LOCAL_ADMIN_ROLE, trustedAccessIds, projects: [project], writes: true, stopsAnyInstance: true },
  ];
}

/** The emulator's options for `npm start`'s identities. */
export function localIdentityEmulator(project: string): Pick<EmulatorOptions, 'accounts' | 'roles'> {
  return { accounts: [LOCAL_BOT_ACCOUNT], roles: localRoles(project) };
}

/**
 * The identity settings `npm start` runs with, each unless the environment sets its own. People run
 * as themselves only where the mappings have a table without asking: the embedded DynamoDB (a real
 * account's tables are the user's to name, ODPS_IDENTITY_TABLE_NAME with ODPS_IDENTITY_MODE).
 */
export function localIdentityEnv(
  env: Env,
  emulator: Pick<RunningEmulator, 'stsEndpoint'>,
  embeddedStore: boolean,
): Env {
  const mode = env.ODPS_IDENTITY_MODE ?? (embeddedStore ? 'person-or-bot' : undefined);
  return {
    ODPS_STS_ENDPOINT: env.ODPS_STS_ENDPOINT ?? emulator.stsEndpoint,
    ...(mode === undefined ? {} : { ODPS_IDENTITY_MODE: mode }),
    ODPS_IDENTITY_MAP: env.ODPS_IDENTITY_MAP ?? LOCAL_IDENTITY_MAP,
  };
}
