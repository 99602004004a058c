import type { FrontDoorDeps } from '../commands/context.ts';
import type { SlackOrigin } from '../handoff.ts';
import type { SlackMessage } from '../messages/message.ts';

/**
 * A late answer to the person who asked: through the command's response_url while it is valid,
 * else as an ephemeral message in the channel.
 */
export async function deliver(
  deps: FrontDoorDeps,
  origin: SlackOrigin,
  message: SlackMessage,
  inChannel = false,
): Promise<void> {
  if (origin.responseUrl) {
    try {
      await deps.poster.respond(origin.responseUrl, message, { inChannel });
      return;
    } catch (error) {
      deps.logger.warn('response_url failed; posting ephemeral instead', {
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  if (inChannel) await deps.poster.post(origin.channelId, message);
  else await deps.poster.ephemeral(origin.channelId, origin.userId, message);
}
