import { slackErrorCode } from '../error-text.ts';
import type { SlackPoster } from '../slack-poster.ts';

/**
 * A mapped Slack user group's members, for the identity resolver: usergroups.users.list. A group
 * Slack no longer knows (deleted) has no members, so its mapping matches nobody instead of failing
 * every unmapped person's command; any other failure stops the decision (never "unmapped").
 */
export function groupMembersVia(poster: SlackPoster): (groupId: string) => Promise<Iterable<string>> {
  return async (groupId) => {
    try {
      return await poster.userGroupMembers(groupId);
    } catch (error) {
      if (slackErrorCode(error) === 'no_such_subteam') return [];
      throw error;
    }
  };
}
