import type { App } from '@slack/bolt';
import { audit } from '../audit.ts';
import type { FrontDoorDeps } from '../commands/context.ts';
import { commandContext } from '../commands/index.ts';
import { submit } from '../commands/run.ts';
import { DEFAULT_LOCALE, matchLocale, translator } from '../i18n/catalog.ts';
import { RUN_MODAL_CALLBACK } from '../messages/message.ts';
import { notice } from '../messages/notices.ts';
import { MODAL_ACTION, MODAL_BLOCK, type RunModalContext, runModalErrors } from '../messages/sql-modal.ts';
import { messageOf } from './replies.ts';

/** The SQL modal's submission (`/odps run` with no SQL opened it): checked, then run as `run` would. */
export function registerRunModal(app: App, deps: FrontDoorDeps): void {
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
