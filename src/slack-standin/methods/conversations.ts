import { isTrue, stringArg } from '../request-body.ts';
import type { StandinMessage } from '../types.ts';
import { compact, failure, type MethodContext, type MethodHandler } from './context.ts';

/**
 * Reading a channel back, as Slack pages it: conversations.history (top-level messages, newest first,
 * from `oldest`) and conversations.replies (a thread's parent, then its replies, oldest first).
 * Ephemeral messages are never returned (Slack does not keep them); metadata only with
 * `include_all_metadata`. The cursor is the offset into the result, opaque to callers.
 */
const MAX_LIMIT = 999;
const DEFAULT_LIMIT = 100;

function page(
  messages: StandinMessage[],
  args: Record<string, unknown>,
  context: MethodContext,
): Record<string, unknown> & { ok: true } {
  const limit = Math.min(MAX_LIMIT, Math.max(1, Number(stringArg(args, 'limit') ?? DEFAULT_LIMIT) || DEFAULT_LIMIT));
  const offset = Number(Buffer.from(stringArg(args, 'cursor') ?? '', 'base64url').toString('utf8')) || 0;
  const slice = messages.slice(offset, offset + limit);
  const more = offset + limit < messages.length;
  const withMetadata = isTrue(args.include_all_metadata);
  return {
    ok: true,
    messages: slice.map((message) => shape(message, context, withMetadata)),
    has_more: more,
    response_metadata: { next_cursor: more ? Buffer.from(String(offset + limit)).toString('base64url') : '' },
  };
}

function shape(message: StandinMessage, context: MethodContext, withMetadata: boolean): Record<string, unknown> {
  const fromBot = message.user === context.identity.botUserId;
  return compact({
    type: 'message',
    ts: message.ts,
    user: message.user,
    bot_id: fromBot ? context.identity.botId : undefined,
    text: message.text ?? '',
    blocks: message.blocks,
    thread_ts: message.threadTs,
    metadata: withMetadata ? message.metadata : undefined,
    files: message.files?.map((id) => ({ id })),
  });
}

const visible = (message: StandinMessage) => message.ephemeralTo === undefined;

const history: MethodHandler = (args, context) => {
  const channel = stringArg(args, 'channel');
  if (channel === undefined) return failure('channel_not_found');
  const oldest = Number(stringArg(args, 'oldest') ?? '0');
  const latest = Number(stringArg(args, 'latest') ?? 'Infinity');
  const messages = context.messages
    .list(channel)
    .filter((message) => visible(message) && message.threadTs === undefined)
    .filter((message) => Number(message.ts) >= oldest && Number(message.ts) <= latest)
    .reverse();
  return page(messages, args, context);
};

const replies: MethodHandler = (args, context) => {
  const channel = stringArg(args, 'channel');
  const ts = stringArg(args, 'ts');
  if (channel === undefined) return failure('channel_not_found');
  if (ts === undefined) return failure('invalid_arguments');
  const all = context.messages.list(channel);
  const root = context.messages.threadRoot(channel, ts);
  const parent = all.find((message) => message.ts === root && visible(message));
  if (parent === undefined) return failure('thread_not_found');
  const thread = all.filter((message) => visible(message) && message.threadTs === root);
  return page([{ ...parent, threadTs: root }, ...thread], args, context);
};

export const conversationMethods: Record<string, MethodHandler> = {
  'conversations.history': history,
  'conversations.replies': replies,
};
