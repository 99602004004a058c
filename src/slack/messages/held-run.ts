import type { Button, KnownBlock } from '@slack/types';
import type { CostThreshold } from '../../config/cost-config.ts';
import type { GateReason, RunRequest } from '../../tracker/run-requests.ts';
import type { Translator } from '../i18n/catalog.ts';
import { formatBytes, formatCount, formatPrice, slackDate } from '../i18n/format.ts';
import { sqlBlocks } from './job-card.ts';
import { ACTION, type SlackMessage } from './message.ts';
import { code, escapeMrkdwn, mention, mrkdwnMessage, raw, truncate } from './mrkdwn.ts';

/**
 * A query the cost guard holds (issue #16), drawn two ways: the card in the channel where the job card
 * would be (its submitter confirms or cancels there; once submitted it becomes the job card), and the
 * request an approver answers. Both show the figures and why the query waits; both lose their buttons
 * once decided. Pure: what they show is what the request and the settings say.
 */

/** The thresholds and budgets a reason is measured against, to say "above $5.00". */
export interface HoldLimits {
  readonly confirmAbove: CostThreshold | undefined;
  readonly approvalAbove: CostThreshold | undefined;
  readonly dailyBudgetUser: number | undefined;
  readonly dailyBudgetChannel: number | undefined;
  readonly approvers: ReadonlySet<string>;
  /** The configured currency, which thresholds and budgets are in. */
  readonly currency: string;
  readonly spentToday: { readonly user: number; readonly channel: number };
}

/** The card in the channel: waiting, or how it ended when it ended without running. */
export function heldRunCard(request: RunRequest, limits: HoldLimits, now: number, t: Translator): SlackMessage {
  const title = t(request.gate === 'confirm' ? 'hold.title.confirm' : 'hold.title.approval');
  const who = mrkdwnMessage(t.template('card.by'), { user: raw(mention(request.userId)) });
  const project = mrkdwnMessage(t.template('card.project'), { project: raw(code(request.project)) });
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      block_id: 'status',
      text: { type: 'mrkdwn', text: `:raised_hand: *${escapeMrkdwn(title)}*\n${project} · ${who}` },
    },
    ...sqlBlocks(request.sql, undefined, t),
    { type: 'context', block_id: 'hold', elements: [{ type: 'mrkdwn', text: holdDetails(request, limits, now, t) }] },
  ];
  const buttons = request.state === 'pending' && now < request.expiresAt ? cardButtons(request, t) : [];
  if (buttons.length > 0) blocks.push({ type: 'actions', block_id: 'hold_actions', elements: buttons });
  return { text: escapeMrkdwn(`${title}: ${request.project}`), blocks };
}

/** The request an approver answers: who asks, the figures, the reasons, and Approve / Reject while pending. */
export function approvalRequest(request: RunRequest, limits: HoldLimits, now: number, t: Translator): SlackMessage {
  const price = request.price ? formatPrice(request.price.amount, request.price.currency, t.locale) : undefined;
  const reasons = escapeMrkdwn(t('hold.why', { reasons: reasonsText(request.reasons, limits, t) }));
  const asking = price
    ? mrkdwnMessage(t.template('hold.request'), {
        user: raw(mention(request.userId)),
        project: raw(code(request.project)),
        price: raw(`*${escapeMrkdwn(price)}*`),
        reasons: raw(reasons),
      })
    : mrkdwnMessage(t.template('hold.requestNoEstimate'), {
        user: raw(mention(request.userId)),
        project: raw(code(request.project)),
      });
  const blocks: KnownBlock[] = [
    { type: 'section', block_id: 'request', text: { type: 'mrkdwn', text: `:raised_hand: ${asking}` } },
    ...sqlBlocks(request.sql, undefined, t),
    { type: 'context', block_id: 'hold', elements: [{ type: 'mrkdwn', text: holdDetails(request, limits, now, t) }] },
  ];
  if (request.state === 'pending' && now < request.expiresAt) {
    blocks.push({
      type: 'actions',
      block_id: 'approval_actions',
      elements: [
        button(ACTION.runApprove, t('button.approve'), request.id, 'primary'),
        button(ACTION.runReject, t('button.reject'), request.id, 'danger'),
      ],
    });
  }
  return { text: escapeMrkdwn(t('hold.title.approval')), blocks };
}

/** The figures, the reasons, then the state: until when to decide, or who decided and when. */
function holdDetails(request: RunRequest, limits: HoldLimits, now: number, t: Translator): string {
  const lines: string[] = [];
  if (request.estimate && request.price) {
    lines.push(
      escapeMrkdwn(
        t('card.estimate', {
          price: formatPrice(request.price.amount, request.price.currency, t.locale),
          input: formatBytes(request.estimate.inputBytes, t.locale),
          complexity: formatCount(request.estimate.complexity, t.locale),
        }),
      ),
    );
  }
  lines.push(escapeMrkdwn(t('hold.why', { reasons: reasonsText(request.reasons, limits, t) })));
  if (request.estimateError !== undefined) {
    const said = `${request.estimateError.code}: ${truncate(request.estimateError.message, 500)}`;
    lines.push(`${escapeMrkdwn(t('error.original'))}: ${escapeMrkdwn(said)}`);
  }
  lines.push(stateLine(request, now, t));
  if (request.gate === 'approval' && limits.approvers.size > 0) {
    lines.push(
      mrkdwnMessage(t.template('hold.approvers'), {
        approvers: raw([...limits.approvers].map(approverMention).join(' ')),
      }),
    );
  }
  return lines.join('\n');
}

function stateLine(request: RunRequest, now: number, t: Translator): string {
  const { decision } = request;
  if (decision !== undefined) {
    return mrkdwnMessage(t.template(`hold.decided.${decision.kind}`), {
      user: raw(mention(decision.by)),
      time: raw(slackDate(decision.at, t.locale)),
    });
  }
  const time = raw(slackDate(request.expiresAt, t.locale));
  return mrkdwnMessage(t.template(now < request.expiresAt ? 'hold.until' : 'hold.expired'), { time });
}

function reasonsText(reasons: readonly GateReason[], limits: HoldLimits, t: Translator): string {
  return reasons.map((reason) => reasonText(reason, limits, t)).join('; ');
}

function reasonText(reason: GateReason, limits: HoldLimits, t: Translator): string {
  const price = (amount: number) => formatPrice(amount, limits.currency, t.locale);
  switch (reason) {
    case 'above-confirm':
      return t('hold.reason.above-confirm', { threshold: thresholdText(limits.confirmAbove, t, price) });
    case 'above-approval':
      return t('hold.reason.above-approval', { threshold: thresholdText(limits.approvalAbove, t, price) });
    case 'over-user-budget':
      return t('hold.reason.over-user-budget', {
        spent: price(limits.spentToday.user),
        budget: price(limits.dailyBudgetUser ?? 0),
      });
    case 'over-channel-budget':
      return t('hold.reason.over-channel-budget', {
        spent: price(limits.spentToday.channel),
        budget: price(limits.dailyBudgetChannel ?? 0),
      });
    case 'estimate-failed':
      return t('hold.reason.estimate-failed');
  }
}

function thresholdText(threshold: CostThreshold | undefined, t: Translator, price: (n: number) => string): string {
  if (threshold === undefined) return '';
  return threshold.kind === 'price' ? price(threshold.amount) : formatBytes(threshold.bytes, t.locale);
}

function cardButtons(request: RunRequest, t: Translator): Button[] {
  const cancel = button(ACTION.runCancel, t('button.runCancel'), request.id);
  if (request.gate === 'approval') return [cancel];
  return [button(ACTION.runConfirm, t('button.runConfirm'), request.id, 'primary'), cancel];
}

function button(actionId: string, text: string, value: string, style?: 'primary' | 'danger'): Button {
  return {
    type: 'button',
    action_id: actionId,
    value,
    text: { type: 'plain_text', text },
    ...(style ? { style } : {}),
  };
}

/** A user group is mentioned as `<!subteam^S…>`, a person as `<@U…>`. */
function approverMention(id: string): string {
  return id.startsWith('S') ? `<!subteam^${id}>` : mention(id);
}
