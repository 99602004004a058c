/**
 * Slack's answers that no retry changes, in one list: the front door tells the person (an "invite
 * the bot" hint where the channel refuses the bot), and the tracker gives such a step up instead of
 * retrying it every tick for as long as the record lives.
 */

/** The channel refuses the bot: private and not invited, deleted, archived, or posting restricted. */
const CHANNEL_REFUSES_THE_BOT = [
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'team_access_not_granted',
  'restricted_action',
  'restricted_action_read_only_channel',
  'restricted_action_thread_only_channel',
  'restricted_action_non_threadable_channel',
  'ekm_access_denied',
] as const;

/** The message to edit is gone or may no longer be edited. */
const MESSAGE_CANNOT_BE_EDITED = ['message_not_found', 'cant_update_message', 'edit_window_closed'] as const;

/** Where inviting the bot is the remedy, so the person is told to. */
const INVITE_THE_BOT: ReadonlySet<string> = new Set(['not_in_channel', 'channel_not_found', 'is_archived']);

const FOR_GOOD: ReadonlySet<string> = new Set([...CHANNEL_REFUSES_THE_BOT, ...MESSAGE_CANNOT_BE_EDITED]);

export function isRefusedForGood(code: string): boolean {
  return FOR_GOOD.has(code);
}

export function invitingTheBotHelps(code: string): boolean {
  return INVITE_THE_BOT.has(code);
}
