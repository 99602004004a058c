import type { CommandReply } from '../commands/context.ts';
import type { SlackMessage } from '../messages/message.ts';

/** The shapes a listener answers Slack with: an acknowledgement body or a response_url post. */

export function ephemeralResponse(message: SlackMessage) {
  return {
    response_type: 'ephemeral' as const,
    replace_original: false,
    text: message.text,
    blocks: [...message.blocks],
  };
}

export function messageOf(reply: CommandReply): SlackMessage | undefined {
  return reply.kind === 'ephemeral' || reply.kind === 'in_channel' ? reply.message : undefined;
}

export function replyBody(reply: CommandReply): Record<string, unknown> | undefined {
  const message = messageOf(reply);
  return message ? ackBody(message, reply.kind === 'in_channel') : undefined;
}

export function ackBody(message: SlackMessage, inChannel: boolean): Record<string, unknown> {
  return { response_type: inChannel ? 'in_channel' : 'ephemeral', text: message.text, blocks: message.blocks };
}
