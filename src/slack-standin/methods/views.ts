import { stringArg } from '../request-body.ts';
import type { StandinView } from '../types.ts';
import { type Args, failure, type MethodContext, type MethodHandler } from './context.ts';

function viewArg(args: Args): Record<string, unknown> | undefined {
  const view = args.view;
  if (typeof view !== 'object' || view === null || Array.isArray(view)) return undefined;
  return typeof (view as Record<string, unknown>).type === 'string' ? (view as Record<string, unknown>) : undefined;
}

/** Slack's view object: what was sent plus the ids, hash and (empty) state Slack adds. */
function viewPayload(stored: StandinView, context: MethodContext): Record<string, unknown> {
  return {
    ...stored.view,
    id: stored.id,
    team_id: context.identity.teamId,
    bot_id: context.identity.botId,
    state: { values: {} },
    hash: stored.hash,
    root_view_id: stored.id,
    previous_view_id: null,
  };
}

const open: MethodHandler = (args, context) => {
  const triggerId = stringArg(args, 'trigger_id');
  const view = viewArg(args);
  if (triggerId === undefined || view === undefined) return failure('invalid_arguments');
  const stored = context.views.open(triggerId, view);
  if (typeof stored === 'string') return failure(stored);
  return { ok: true, view: viewPayload(stored, context) };
};

const update: MethodHandler = (args, context) => {
  const viewId = stringArg(args, 'view_id');
  const externalId = stringArg(args, 'external_id');
  const view = viewArg(args);
  if ((viewId === undefined && externalId === undefined) || view === undefined) return failure('invalid_arguments');
  const outcome = context.views.update({ viewId, externalId }, view, stringArg(args, 'hash'));
  if (typeof outcome === 'string') return failure(outcome);
  return { ok: true, view: viewPayload(outcome, context) };
};

export const viewMethods: Record<string, MethodHandler> = {
  'views.open': open,
  'views.update': update,
};
