import { isTrue, stringArg } from '../request-body.ts';
import { failure, type MethodHandler } from './context.ts';

const usersInfo: MethodHandler = (args, context) => {
  const userId = stringArg(args, 'user');
  const user = userId === undefined ? undefined : context.users.info(userId, isTrue(args.include_locale));
  return user === undefined ? failure('user_not_found') : { ok: true, user };
};

/** Answered (and recorded) so a test can prove Bolt never needed it: botId/botUserId given up front. */
const authTest: MethodHandler = (_args, context) => ({
  ok: true,
  url: `${context.identity.origin}/`,
  team: 'Stand-in workspace',
  user: 'odps',
  team_id: context.identity.teamId,
  user_id: context.identity.botUserId,
  bot_id: context.identity.botId,
  is_enterprise_install: false,
});

/** Minimal: every channel exists and the bot is a member (use failNext for channel_not_found). */
const conversationsInfo: MethodHandler = (args) => {
  const id = stringArg(args, 'channel');
  if (id === undefined) return failure('channel_not_found');
  return {
    ok: true,
    channel: {
      id,
      name: id.toLowerCase(),
      is_channel: id.startsWith('C'),
      is_group: id.startsWith('G'),
      is_im: id.startsWith('D'),
      is_private: !id.startsWith('C'),
      is_archived: false,
      is_member: true,
    },
  };
};

export const workspaceMethods: Record<string, MethodHandler> = {
  'users.info': usersInfo,
  'auth.test': authTest,
  'conversations.info': conversationsInfo,
};
