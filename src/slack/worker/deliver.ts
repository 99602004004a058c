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

/**
 * The card (a job card, or a held query's) answers the command now: the "Submitting…" note would
 * only sit beside it. Best effort:
 * a response_url that is used up or expired leaves the note, which is harmless.
 */
export async function removeAcknowledgement(deps: FrontDoorDeps, origin: SlackOrigin): Promise<void> {
  if (origin.responseUrl === undefined) return;
  await deps.poster.deleteOriginal(origin.responseUrl).catch((error: unknown) => {
    deps.logger.info('could not remove the acknowledgement', {
      requestId: origin.requestId,
      error: error instanceof Error ? error.message : String(error),
    });
  });
}
