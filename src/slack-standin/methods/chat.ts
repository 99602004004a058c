import { checkBlocks } from '../block-limits.ts';
import { stringArg } from '../request-body.ts';
import type { StandinMessage } from '../types.ts';
import { type Args, compact, failure, type MethodContext, type MethodHandler, type MethodResult } from './context.ts';

/** Slack truncates after 40,000 characters of top-level text and refuses beyond it. */
const MAX_TEXT = 40_000;

/** Slack's message object as chat.* methods return it. */
export function messagePayload(message: StandinMessage, context: MethodContext): Record<string, unknown> {
  const isBot = message.user === context.identity.botUserId;
  return compact({
    type: 'message',
    user: message.user,
    bot_id: isBot ? context.identity.botId : undefined,
    team: context.identity.teamId,
    text: message.text ?? '',
    ts: message.ts,
    thread_ts: message.threadTs,
    blocks: message.blocks,
    metadata: message.metadata,
    edited: message.edited ? { user: message.user, ts: message.ts } : undefined,
  });
}

/** What chat.postMessage, chat.postEphemeral and chat.update all refuse: no content, too long, bad blocks. */
function contentProblem(args: Args): MethodResult | undefined {
  const text = typeof args.text === 'string' ? args.text : undefined;
  if ((text === undefined || text === '') && args.blocks === undefined && args.attachments === undefined) {
    return failure('no_text');
  }
  if (text !== undefined && text.length > MAX_TEXT) return failure('msg_too_long');
  const verdict = checkBlocks(args.blocks);
  return verdict.ok ? undefined : failure(verdict.error, verdict.messages);
}

function blocksArg(args: Args): unknown[] | undefined {
  return Array.isArray(args.blocks) ? args.blocks : undefined;
}

/** Bot messages the bot may still change: not ephemeral (Slack never stores those), posted by the bot. */
function editableMessage(args: Args, tsField: string, context: MethodContext): StandinMessage | undefined {
  const channel = stringArg(args, 'channel');
  const ts = stringArg(args, tsField);
  const message = channel === undefined || ts === undefined ? undefined : context.messages.find(channel, ts);
  if (message === undefined || message.ephemeralTo !== undefined) return undefined;
  return message.user === context.identity.botUserId ? message : undefined;
}

/** A bot message from the call's arguments; shared by postMessage and postEphemeral. */
function addBotMessage(
  args: Parameters<MethodHandler>[0],
  context: Parameters<MethodHandler>[1],
  channel: string,
  extra: { metadata?: unknown; ephemeralTo?: string },
) {
  const threadTs = stringArg(args, 'thread_ts');
  return context.messages.add(
    compact({
      channel,
      user: context.identity.botUserId,
      text: stringArg(args, 'text'),
      blocks: blocksArg(args),
      threadTs: threadTs === undefined ? undefined : context.messages.threadRoot(channel, threadTs),
      ...extra,
    }),
  );
}

const postMessage: MethodHandler = (args, context) => {
  const channel = stringArg(args, 'channel');
  if (channel === undefined) return failure('channel_not_found');
  const problem = contentProblem(args);
  if (problem !== undefined) return problem;
  const message = addBotMessage(args, context, channel, { metadata: args.metadata });
  return { ok: true, channel, ts: message.ts, message: messagePayload(message, context) };
};

const postEphemeral: MethodHandler = (args, context) => {
  const channel = stringArg(args, 'channel');
  if (channel === undefined) return failure('channel_not_found');
  const user = stringArg(args, 'user');
  if (user === undefined) return failure('user_not_found');
  const problem = contentProblem(args);
  if (problem !== undefined) return problem;
  const message = addBotMessage(args, context, channel, { ephemeralTo: user });
  return { ok: true, message_ts: message.ts };
};

/** Text is replaced when given; blocks are kept unless given (an empty array removes them), as in Slack. */
const update: MethodHandler = (args, context) => {
  const message = editableMessage(args, 'ts', context);
  if (message === undefined) return failure('message_not_found');
  const problem = contentProblem(args);
  if (problem !== undefined) return problem;
  if (typeof args.text === 'string') message.text = args.text;
  const blocks = blocksArg(args);
  if (blocks !== undefined) {
    if (blocks.length === 0) delete message.blocks;
    else message.blocks = blocks;
  }
  if (args.metadata !== undefined) message.metadata = args.metadata;
  message.edited = true;
  const payload = messagePayload(message, context);
  return { ok: true, channel: message.channel, ts: message.ts, text: message.text ?? '', message: payload };
};

const remove: MethodHandler = (args, context) => {
  const message = editableMessage(args, 'ts', context);
  if (message === undefined) return failure('message_not_found');
  context.messages.remove(message.channel, message.ts);
  return { ok: true, channel: message.channel, ts: message.ts };
};

const getPermalink: MethodHandler = (args, context) => {
  const channel = stringArg(args, 'channel');
  const ts = stringArg(args, 'message_ts');
  const message = channel === undefined || ts === undefined ? undefined : context.messages.find(channel, ts);
  if (message === undefined || message.ephemeralTo !== undefined) return failure('message_not_found');
  const base = `${context.identity.origin}/archives/${message.channel}/p${message.ts.replace('.', '')}`;
  const permalink =
    message.threadTs === undefined ? base : `${base}?thread_ts=${message.threadTs}&cid=${message.channel}`;
  return { ok: true, channel: message.channel, permalink };
};

export const chatMethods: Record<string, MethodHandler> = {
  'chat.postMessage': postMessage,
  'chat.postEphemeral': postEphemeral,
  'chat.update': update,
  'chat.delete': remove,
  'chat.getPermalink': getPermalink,
};
