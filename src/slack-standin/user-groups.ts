import type { StandinUserGroup } from './types.ts';

/** Slack user group ids: S… (Slack calls them subteams). */
const GROUP_ID = /^S[A-Z0-9]{2,}$/;
const USER_ID = /^[UW][A-Z0-9]{2,}$/;

/**
 * What usergroups.users.list knows. Unlike users, groups are not made up on demand: a group that
 * nobody defined answers no_such_subteam, which is the case a caller most needs to see.
 */
export class UserGroupDirectory {
  readonly #groups = new Map<string, StandinUserGroup>();

  /** Defines or replaces a group; a malformed id is the test's mistake, so it throws. */
  set(groupId: string, group: StandinUserGroup): void {
    if (!GROUP_ID.test(groupId)) throw new TypeError(`not a Slack user group id: ${groupId}`);
    const stray = group.users.find((userId) => !USER_ID.test(userId));
    if (stray !== undefined) throw new TypeError(`not a Slack user id in ${groupId}: ${stray}`);
    this.#groups.set(groupId, { ...group, users: [...group.users] });
  }

  /**
   * The members' ids, or undefined for no such group. A disabled group counts only when the caller
   * asks for disabled groups (include_disabled), as "allow results that involve disabled groups" says.
   */
  members(groupId: string, includeDisabled: boolean): readonly string[] | undefined {
    const group = this.#groups.get(groupId);
    if (group === undefined || (group.disabled === true && !includeDisabled)) return undefined;
    return [...group.users];
  }
}
