import type { App, BlockButtonAction } from '@slack/bolt';
import { ephemeral, type FrontDoorDeps } from '../commands/context.ts';
import { list, parseListPageValue } from '../commands/list.ts';
import { describeError } from '../error-text.ts';
import { ACTION } from '../messages/message.ts';
import { errorNotice } from '../messages/notices.ts';
import { buttonContext } from './button-context.ts';
import { ephemeralResponse, messageOf } from './replies.ts';

/** `/odps list`'s Next page: the query rides in the button, so the next page needs no state here. */
export function registerListNextButton(app: App, deps: FrontDoorDeps): void {
  app.action<BlockButtonAction>(ACTION.listNext, async ({ ack, body, action, respond }) => {
    await ack();
    const request = parseListPageValue(action.value ?? '');
    if (!request) return;
    const context = await buttonContext(body, deps);
    const command = { kind: 'list' as const, scope: request.scope, project: request.project, sinceMs: request.sinceMs };
    const reply = await list(command, context, request.page).catch((error: unknown) => {
      const described = describeError(error, context.t, { project: request.project });
      return ephemeral(errorNotice(described.explanation, described.original, context.t));
    });
    const message = messageOf(reply);
    if (message) await respond({ ...ephemeralResponse(message), replace_original: true });
  });
}
