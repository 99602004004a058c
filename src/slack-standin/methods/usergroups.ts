import { isTrue, stringArg } from '../request-body.ts';
import { failure, type MethodHandler } from './context.ts';

/**
 * usergroups.users.list (Tier 2 in Slack, 20+ a minute; the stand-in, like for every method, limits
 * only through injected faults). `team_id` matters only to org-level tokens, and the stand-in's bot
 * token is a workspace token, so it is accepted and ignored, as Slack ignores it there.
 *
 * Without `usergroup` Slack's own table for this method names no error; missing_argument is what it
 * documents for the same argument on the rest of the usergroups family (disable, enable, update,
 * users.update). A disabled group without include_disabled answers no_such_subteam: Slack says only
 * that the flag "allows results that involve disabled groups", so the stand-in refuses them, and a
 * caller that must not count a disabled group's members sees the refusal.
 */
const usersList: MethodHandler = (args, context) => {
  const groupId = stringArg(args, 'usergroup');
  if (groupId === undefined) return failure('missing_argument');
  const users = context.userGroups.members(groupId, isTrue(args.include_disabled));
  return users === undefined ? failure('no_such_subteam') : { ok: true, users };
};

export const userGroupMethods: Record<string, MethodHandler> = {
  'usergroups.users.list': usersList,
};
