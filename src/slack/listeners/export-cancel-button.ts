import type { App, BlockButtonAction } from '@slack/bolt';
import { audit } from '../audit.ts';
import type { FrontDoorDeps } from '../commands/context.ts';
import { describeError } from '../error-text.ts';
import { exportCancelKey } from '../export-progress.ts';
import { ACTION, parseExportCancelValue } from '../messages/message.ts';
import { errorNotice, notice } from '../messages/notices.ts';
import { buttonContext } from './button-context.ts';
import { ephemeralResponse } from './replies.ts';

/** A cancel flag outlives any export (the worker's budget is 14 minutes). */
const CANCEL_FLAG_SECONDS = 3600;

/**
 * A long export's Cancel: the person the export is for, or an admin. The export runs in the worker
 * (another function on AWS), so the listener only sets a flag in the store; the export reads it
 * between redraws of its status line, stops, and says so there.
 */
export function registerExportCancelButton(app: App, deps: FrontDoorDeps): void {
  app.action<BlockButtonAction>(ACTION.cancelExport, async ({ ack, body, action, respond }) => {
    await ack();
    const target = parseExportCancelValue(action.value ?? '');
    if (!target) return;
    const context = await buttonContext(body, deps);
    const { origin, t } = context;
    const allowed = origin.userId === target.requestedBy || deps.policy.isAdmin(origin.userId);
    const stored = allowed
      ? await deps.store.claimOnce(exportCancelKey(target.exportId), CANCEL_FLAG_SECONDS).then(
          () => undefined,
          (error: unknown) => error,
        )
      : undefined;
    if (stored !== undefined) {
      const described = describeError(stored, t, {});
      await respond(ephemeralResponse(errorNotice(described.explanation, described.original, t)));
      return;
    }
    audit(deps.logger, {
      event: 'button',
      action: 'export-cancel',
      team: origin.teamId,
      channel: origin.channelId,
      user: origin.userId,
      requestId: origin.requestId,
      outcome: allowed ? 'cancel-requested' : 'refused',
    });
    await respond(ephemeralResponse(notice(t(allowed ? 'export.cancelling' : 'export.notYours'), ':octagonal_sign:')));
  });
}
