import type { App, BlockButtonAction, RespondFn } from '@slack/bolt';
import { audit } from './audit.ts';
import { refreshCard } from './card-refresh.ts';
import { type CommandReply, ephemeral, type FrontDoorDeps } from './commands/context.ts';
import { commandContext, handleCommand } from './commands/index.ts';
import { list, parseListPageValue } from './commands/list.ts';
import { submit } from './commands/run.ts';
import { stopInstance } from './commands/stop.ts';
import { describeError } from './error-text.ts';
import type { SlackOrigin } from './handoff.ts';
import { DEFAULT_LOCALE, matchLocale, type Translator, translator } from './i18n/catalog.ts';
import { ACTION, parseInstanceValue, RUN_MODAL_CALLBACK, type SlackMessage } from './messages/message.ts';
import { errorNotice, notice } from './messages/notices.ts';
import { MODAL_ACTION, MODAL_BLOCK, type RunModalContext, runModalErrors } from './messages/sql-modal.ts';

/**
 * Registers the /odps command, the job card's buttons and the SQL modal on a Bolt app. Every
 * listener finishes within the acknowledgement budget: on Lambda the HTTP answer leaves only when
 * the listener returns, so slow work is handed to the worker instead of being awaited here.
 */
export function registerFrontDoor(app: App, deps: FrontDoorDeps): void {
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

  app.action<BlockButtonAction>(ACTION.stop, async ({ ack, body, action, respond }) => {
    await ack();
    await onInstanceButton(body, action.value, respond, deps, async (key, origin, t, signal) =>
      stopInstance(key, origin, deps, t, signal),
    );
  });

  app.action<BlockButtonAction>(ACTION.refresh, async ({ ack, body, action, respond }) => {
    await ack();
    await onInstanceButton(body, action.value, respond, deps, async (key, origin, t, signal) => {
      const refusal = deps.policy.mayUse(origin);
      if (refusal) return notice(t(refusal.key, refusal.params), ':no_entry:');
      await refreshCard(key, deps, signal);
      return undefined;
    });
  });

  app.action<BlockButtonAction>(ACTION.listNext, async ({ ack, body, action, respond }) => {
    await ack();
    const request = parseListPageValue(action.value ?? '');
    if (!request) return;
    const context = await commandContext(
      {
        requestId: `${body.container?.message_ts ?? ''}:${action.action_ts}`,
        teamId: body.team?.id ?? '',
        channelId: body.channel?.id ?? '',
        userId: body.user.id,
      },
      deps,
      'ack',
    );
    const command = { kind: 'list' as const, scope: request.scope, project: request.project, sinceMs: request.sinceMs };
    const reply = await list(command, context, request.page).catch((error: unknown) => {
      const described = describeError(error, context.t, { project: request.project });
      return ephemeral(errorNotice(described.explanation, described.original, context.t));
    });
    const message = messageOf(reply);
    if (message) await respond({ ...ephemeralResponse(message), replace_original: true });
  });

  // A URL button still sends block_actions; without an ack the user sees a warning.
  app.action(ACTION.logview, async ({ ack }) => {
    await ack();
  });

  app.view(RUN_MODAL_CALLBACK, async ({ ack, body, view }) => {
    const meta = parseModalContext(view.private_metadata);
    const values = view.state.values;
    const sql = values[MODAL_BLOCK.sql]?.[MODAL_ACTION.sql]?.value?.trim() ?? '';
    const project = values[MODAL_BLOCK.project]?.[MODAL_ACTION.project]?.value?.trim() ?? '';
    const errors = runModalErrors(meta, sql, project, translator(matchLocale(meta?.locale) ?? DEFAULT_LOCALE));
    if (!meta || errors) {
      await ack({ response_action: 'errors', errors: errors ?? {} });
      return;
    }
    await ack();
    const context = await commandContext(
      {
        requestId: `view:${view.id}`,
        teamId: body.team?.id ?? '',
        channelId: meta.channelId,
        userId: body.user.id,
      },
      deps,
      'ack',
    );
    const refusal = deps.policy.mayRunSql(context.origin, project);
    const submitted = refusal ? undefined : await submit({ project, sql, hints: {}, mention: false }, context);
    const reply = submitted
      ? messageOf(submitted)
      : notice(context.t(refusal?.key ?? 'error.internal', refusal?.params), ':no_entry:');
    audit(deps.logger, {
      event: 'modal',
      action: 'run',
      team: context.origin.teamId,
      channel: meta.channelId,
      user: body.user.id,
      requestId: context.origin.requestId,
      outcome: refusal ? 'refused' : 'submitted',
      project,
    });
    if (reply) await deps.poster.ephemeral(meta.channelId, body.user.id, reply);
  });
}

type ButtonWork = (
  key: { project: string; instanceId: string },
  origin: SlackOrigin,
  t: Translator,
  signal: AbortSignal,
) => Promise<SlackMessage | undefined>;

/** Buttons carry `<project>/<instanceId>`; the work gets the acknowledgement budget, then the worker. */
async function onInstanceButton(
  body: BlockButtonAction,
  value: string | undefined,
  respond: RespondFn,
  deps: FrontDoorDeps,
  work: ButtonWork,
): Promise<void> {
  const key = parseInstanceValue(value ?? '');
  const channelId = body.channel?.id ?? body.container?.channel_id ?? '';
  const context = await commandContext(
    {
      requestId: `${body.container?.message_ts ?? ''}:${body.actions[0]?.action_ts ?? ''}`,
      teamId: body.team?.id ?? '',
      channelId,
      userId: body.user.id,
      responseUrl: body.response_url,
    },
    deps,
    'ack',
  );
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

function ephemeralResponse(message: SlackMessage) {
  return {
    response_type: 'ephemeral' as const,
    replace_original: false,
    text: message.text,
    blocks: [...message.blocks],
  };
}

function parseModalContext(text: string): RunModalContext | undefined {
  try {
    const value = JSON.parse(text) as Partial<RunModalContext>;
    if (typeof value.channelId === 'string' && /^[A-Z0-9]{2,20}$/.test(value.channelId)) {
      return { channelId: value.channelId, project: String(value.project ?? ''), locale: String(value.locale ?? '') };
    }
  } catch {
    // Not ours: Slack echoes private_metadata untouched, so this only happens to forged payloads.
  }
  return undefined;
}

function messageOf(reply: CommandReply): SlackMessage | undefined {
  return reply.kind === 'ephemeral' || reply.kind === 'in_channel' ? reply.message : undefined;
}

function replyBody(reply: CommandReply): Record<string, unknown> | undefined {
  const message = messageOf(reply);
  return message ? ackBody(message, reply.kind === 'in_channel') : undefined;
}

function ackBody(message: SlackMessage, inChannel: boolean): Record<string, unknown> {
  return { response_type: inChannel ? 'in_channel' : 'ephemeral', text: message.text, blocks: message.blocks };
}
