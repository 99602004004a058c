import type { BlockButtonAction, RespondFn } from '@slack/bolt';
import { audit } from '../audit.ts';
import type { FrontDoorDeps } from '../commands/context.ts';
import { describeError } from '../error-text.ts';
import type { SlackOrigin } from '../handoff.ts';
import type { Translator } from '../i18n/catalog.ts';
import { ACTION, parseInstanceValue, type SlackMessage } from '../messages/message.ts';
import { errorNotice } from '../messages/notices.ts';
import { buttonContext } from './button-context.ts';
import { ephemeralResponse } from './replies.ts';

export type ButtonWork = (
  key: { project: string; instanceId: string },
  origin: SlackOrigin,
  t: Translator,
  signal: AbortSignal,
) => Promise<SlackMessage | undefined>;

/** Buttons carry `<project>/<instanceId>`; the work gets the acknowledgement budget, then the worker. */
export async function onInstanceButton(
  body: BlockButtonAction,
  value: string | undefined,
  respond: RespondFn,
  deps: FrontDoorDeps,
  work: ButtonWork,
): Promise<void> {
  const key = parseInstanceValue(value ?? '');
  const channelId = body.channel?.id ?? body.container?.channel_id ?? '';
  const context = await buttonContext(body, deps);
  if (!key) return;
  const kind = body.actions[0]?.action_id === ACTION.stop ? 'stop' : 'refresh';
  const record = (outcome: string) =>
    audit(deps.logger, {
      event: 'button',
      action: kind,
      team: context.origin.teamId,
      channel: channelId,
      user: body.user.id,
      requestId: context.origin.requestId,
      outcome,
      ...key,
    });
  try {
    const message = await work(key, context.origin, context.t, context.signal);
    record(message ? 'answered' : 'done');
    if (message) await respond(ephemeralResponse(message));
  } catch (error) {
    if (context.signal.aborted) {
      record('handed-off');
      await deps.publisher.publish({ kind, origin: context.origin, ...key });
      return;
    }
    record('error');
    const described = describeError(error, context.t, key);
    await respond(ephemeralResponse(errorNotice(described.explanation, described.original, context.t)));
  }
}
