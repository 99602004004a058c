import type { BlockButtonAction } from '@slack/bolt';
import type { CommandContext, FrontDoorDeps } from '../commands/context.ts';
import { commandContext } from '../commands/index.ts';

/**
 * A button click as a command's context, within the acknowledgement budget: the click's message and
 * time make its request id (a click is one request), the clicker's locale their language.
 */
export function buttonContext(body: BlockButtonAction, deps: FrontDoorDeps): Promise<CommandContext> {
  return commandContext(
    {
      requestId: `${body.container?.message_ts ?? ''}:${body.actions[0]?.action_ts ?? ''}`,
      teamId: body.team?.id ?? '',
      channelId: body.channel?.id ?? body.container?.channel_id ?? '',
      userId: body.user.id,
      ...(body.response_url ? { responseUrl: body.response_url } : {}),
    },
    deps,
    'ack',
  );
}
