import type { App } from '@slack/bolt';
import { ACTION } from '../messages/message.ts';

/** The card's Logview button opens its URL in the browser; Slack still sends block_actions. */
export function registerLogviewButton(app: App): void {
  // A URL button still sends block_actions; without an ack the user sees a warning.
  app.action(ACTION.logview, async ({ ack }) => {
    await ack();
  });
}
