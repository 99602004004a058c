import { checkUserId } from './identity-input.ts';

/**
 * The RoleSessionName of a person's STS AssumeRole: `slack.<Slack user id>`, e.g. `slack.U0ADA`.
 *
 * STS puts it into the assumed identity (`…:assumed-role/<role>/slack.U0ADA`), so MaxCompute's audit
 * and an instance's owner name the person behind a query, not only the role that many share. It is a
 * function of the user id alone, stable across commands, functions and deployments: the same person is
 * the same session name in every log, and the credentials cache may key on it. The team id is left out
 * as the mapping leaves it out: the app has one bot token, so one workspace, or one Enterprise Grid
 * organisation, whose global user ids (`W…`) are the same in each of its workspaces.
 *
 * STS accepts 2-64 of `[A-Za-z0-9.@_-]`; a checked user id (a capital and 2-20 capitals or digits)
 * gives 9-27 of them.
 */
export const SESSION_NAME_PREFIX = 'slack.';

export function sessionNameFor(userId: string): string {
  checkUserId(userId);
  return `${SESSION_NAME_PREFIX}${userId}`;
}
