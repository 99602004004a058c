import type { App } from '@slack/bolt';
import type { FrontDoorDeps } from '../commands/context.ts';
import { handleCommand } from '../commands/index.ts';
import { notice } from '../messages/notices.ts';
import { ackBody, replyBody } from './replies.ts';

/**
 * `/odps …`: answered within the acknowledgement budget, handed to the worker past it, or a modal
 * when `run` has no SQL.
 */
export function registerOdpsCommand(app: App, deps: FrontDoorDeps): void {
  app.command('/odps', async ({ command, ack, client }) => {
    const origin = {
      requestId: command.trigger_id,
      teamId: command.team_id,
      channelId: command.channel_id,
      userId: command.user_id,
      responseUrl: command.response_url,
    };
    const { reply, context } = await handleCommand({ origin, text: command.text }, deps, 'ack');
    if (reply.kind === 'modal') {
      await client.views.open({ trigger_id: command.trigger_id, view: reply.view });
      await ack();
      return;
    }
    if (reply.kind === 'defer') {
      await deps.publisher.publish({ kind: 'command', origin: context.origin, text: command.text });
      await ack(ackBody(notice(context.t(reply.message), ':hourglass:'), false));
      return;
    }
    await ack(replyBody(reply));
  });
}
