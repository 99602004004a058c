import type { App, BlockButtonAction } from '@slack/bolt';
import { refreshCard } from '../card-refresh.ts';
import type { FrontDoorDeps } from '../commands/context.ts';
import { ACTION } from '../messages/message.ts';
import { notice } from '../messages/notices.ts';
import { onInstanceButton } from './instance-button.ts';

/** The job card's Refresh: the card redrawn with what MaxCompute says now. */
export function registerRefreshButton(app: App, deps: FrontDoorDeps): void {
  app.action<BlockButtonAction>(ACTION.refresh, async ({ ack, body, action, respond }) => {
    await ack();
    await onInstanceButton(body, action.value, respond, deps, async (key, origin, t, signal) => {
      const refusal = deps.policy.mayUse(origin);
      if (refusal) return notice(t(refusal.key, refusal.params), ':no_entry:');
      await refreshCard(key, origin.userId, deps, signal);
      return undefined;
    });
  });
}
