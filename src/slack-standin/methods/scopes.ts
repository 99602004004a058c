import type { MethodResult } from './context.ts';

/**
 * The bot scope a method needs, for the methods where one scope answers for every call. Left out:
 * methods that need none (auth.test, chat.getPermalink, views.*) and those whose scope depends on the
 * conversation (conversations.* need channels:, groups:, im: or mpim: scopes by its type), which the
 * stand-in cannot tell apart because it does not model conversation types.
 */
export const METHOD_SCOPES: ReadonlyMap<string, string> = new Map([
  ['chat.postMessage', 'chat:write'],
  ['chat.postEphemeral', 'chat:write'],
  ['chat.update', 'chat:write'],
  ['chat.delete', 'chat:write'],
  ['files.getUploadURLExternal', 'files:write'],
  ['files.completeUploadExternal', 'files:write'],
  ['users.info', 'users:read'],
  ['usergroups.users.list', 'usergroups:read'],
]);

/**
 * Slack's refusal of a token without the method's scope, naming what was needed and what the token
 * has, or undefined when the call may go on. `granted` undefined: scopes are not checked at all, so
 * tests that do not care about scopes need no list.
 */
export function missingScope(method: string, granted: ReadonlySet<string> | undefined): MethodResult | undefined {
  const needed = METHOD_SCOPES.get(method);
  if (granted === undefined || needed === undefined || granted.has(needed)) return undefined;
  return { ok: false, error: 'missing_scope', needed, provided: [...granted].join(',') };
}
