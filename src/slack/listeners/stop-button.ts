import type { App, BlockButtonAction } from '@slack/bolt';
import type { FrontDoorDeps } from '../commands/context.ts';
import { stopInstance } from '../commands/stop.ts';
import { ACTION } from '../messages/message.ts';
import { onInstanceButton } from './instance-button.ts';

/** The job card's Stop (after Slack's confirm dialog): the submitter or an admin only. */
export function registerStopButton(app: App, deps: FrontDoorDeps): void {
  app.action<BlockButtonAction>(ACTION.stop, async ({ ack, body, action, respond }) => {
    await ack();
    await onInstanceButton(body, action.value, respond, deps, async (key, origin, t, signal) =>
      stopInstance(key, origin, deps, t, signal),
    );
  });
}
