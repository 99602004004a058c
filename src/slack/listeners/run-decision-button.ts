import type { App, BlockButtonAction } from '@slack/bolt';
import { isKeyId } from '../../tracker/cost-guard-input.ts';
import type { DecisionKind } from '../../tracker/run-requests.ts';
import { audit } from '../audit.ts';
import type { CommandContext, FrontDoorDeps } from '../commands/context.ts';
import { decisionRefusal } from '../cost/decision-rights.ts';
import type { MessageKey } from '../i18n/catalog.ts';
import { slackDate } from '../i18n/format.ts';
import { ACTION } from '../messages/message.ts';
import { mention, mrkdwnMessage, raw } from '../messages/mrkdwn.ts';
import { mrkdwnNotice } from '../messages/notices.ts';
import { buttonContext } from './button-context.ts';
import { ephemeralResponse } from './replies.ts';

/** Each button of a held query, and the decision it asks for. */
const KIND_OF: Readonly<Record<string, DecisionKind>> = {
  [ACTION.runConfirm]: 'confirmed',
  [ACTION.runCancel]: 'cancelled',
  [ACTION.runApprove]: 'approved',
  [ACTION.runReject]: 'rejected',
};
const DECISION_ACTIONS = new RegExp(`^(${Object.keys(KIND_OF).join('|')})$`);

/** A decision's reply, its message as mrkdwn: the template's text escaped, the people in it mentioned. */
type Reply = { readonly outcome: string; readonly message?: string };

/**
 * Run it / Cancel on a held query's card, Approve / Reject on its approval request (issue #16). Who
 * may press is checked first (a refusal is private and audited); the decision is then one
 * conditional write, exactly once however many clicks race. The worker does the rest (redraws,
 * submission): nothing here waits on MaxCompute or on more than the store.
 */
export function registerRunDecisionButton(app: App, deps: FrontDoorDeps): void {
  app.action<BlockButtonAction>(DECISION_ACTIONS, async ({ ack, body, action, respond }) => {
    await ack();
    const kind = KIND_OF[action.action_id];
    const requestId = action.value ?? '';
    if (kind === undefined || !isKeyId(requestId)) return;
    const context = await buttonContext(body, deps);
    const answer = await decide(kind, requestId, context);
    auditClick(context, kind, requestId, answer.outcome);
    if (answer.message) await respond(ephemeralResponse(mrkdwnNotice(answer.message, ':raised_hand:')));
  });
}

async function decide(kind: DecisionKind, requestId: string, context: CommandContext): Promise<Reply> {
  const { deps, origin, t } = context;
  const say = (key: MessageKey, params: Record<string, string> = {}) =>
    mrkdwnMessage(t.template(key), Object.fromEntries(Object.entries(params).map(([k, v]) => [k, raw(v)])));
  const request = await deps.runRequests.get(requestId);
  if (request === undefined) return { outcome: 'missing', message: say('decision.missing') };
  const refused = await decisionRefusal(request, kind, origin.userId, {
    approvers: deps.cost.approvers,
    policy: deps.policy,
    groupMembers: (groupId) => deps.poster.userGroupMembers(groupId),
  });
  if (refused) return { outcome: 'refused', message: say(refused, { user: mention(request.userId) }) };
  const decided = await deps.runRequests.decide(requestId, { kind, by: origin.userId, at: deps.now() });
  switch (decided.outcome) {
    case 'decided':
      await deps.publisher.publish({ kind: 'held-run', origin, requestId });
      return { outcome: kind };
    case 'already': {
      const by = decided.request.decision;
      const key = by ? (`decision.already.${by.kind}` as const) : 'decision.already.confirmed';
      return { outcome: 'already', message: say(key, { user: mention(by?.by ?? decided.request.userId) }) };
    }
    case 'expired':
      await deps.publisher.publish({ kind: 'held-run', origin, requestId });
      return {
        outcome: 'expired',
        message: say('decision.expired', { time: slackDate(decided.request.expiresAt, t.locale) }),
      };
    case 'wrong-gate':
      return { outcome: 'wrong-gate', message: say('decision.wrongGate') };
    case 'missing':
      return { outcome: 'missing', message: say('decision.missing') };
  }
}

function auditClick(context: CommandContext, kind: DecisionKind, requestId: string, outcome: string): void {
  const { origin, deps } = context;
  audit(deps.logger, {
    event: 'button',
    action: `run-${kind}`,
    team: origin.teamId,
    channel: origin.channelId,
    user: origin.userId,
    requestId,
    outcome,
  });
}
