import type { ActionsBlock, Button, KnownBlock } from '@slack/types';
import type { RunAs } from '../../identity/run-as.ts';
import type { InstanceState, TrackedCost, TrackedRelease } from '../../tracker/tracked-instance.ts';
import type { Translator } from '../i18n/catalog.ts';
import { formatBytes, formatCount, formatDuration, formatPrice, slackDate } from '../i18n/format.ts';
import { ACTION, instanceValue, type SlackMessage } from './message.ts';
import { code, escapeMrkdwn, mention, mrkdwnMessage, raw, truncate, truncateMrkdwn } from './mrkdwn.ts';

/**
 * The job card: the one message a run (or watch) gets in the channel, posted once and then updated in
 * place by the tracker. Block ids stay stable across updates so Slack edits rather than re-renders.
 */

export interface JobCardView {
  readonly project: string;
  readonly instanceId: string;
  readonly requestedBy: string;
  readonly origin: 'run' | 'watch';
  /** Epoch ms when the instance started at MaxCompute (before it is known, when it was submitted here). */
  readonly submittedAt: number;
  readonly sql?: string;
  /** The whole SQL's length in characters when `sql` is a cut copy. */
  readonly sqlLength?: number;
  readonly state: CardState;
  readonly elapsedMs: number;
  /** Mean finished percentage over the stages, 0-100, when known. */
  readonly percent?: number;
  /** PyODPS's stage string (entries separated by tabs). */
  readonly stages?: string;
  readonly logviewUrl?: string;
  /** The run's cost estimate, made before it was submitted. */
  readonly cost?: TrackedCost;
  /** Who let it run when it was held for its cost. */
  readonly release?: TrackedRelease;
  /** Who MaxCompute saw run it (issue #17): a person's role, or the bot's account for an unmapped person. */
  readonly runAs?: RunAs;
}

/**
 * What the card shows: the instance's state, or `withheld` when it ended and whoever asked for it has
 * no MaxCompute identity here any more, so how it ended is not read (issue #17).
 */
export type CardState = InstanceState | 'withheld';

const SQL_MAX_CHARS = 1500;
const SQL_MAX_LINES = 20;
const ICON: Record<CardState, string> = {
  running: ':hourglass_flowing_sand:',
  suspended: ':double_vertical_bar:',
  succeeded: ':white_check_mark:',
  failed: ':x:',
  cancelled: ':octagonal_sign:',
  withheld: ':lock:',
};

export function jobCard(view: JobCardView, t: Translator): SlackMessage {
  const status = stateLabel(view.state, t);
  const blocks: KnownBlock[] = [statusSection(view, status, t)];
  if (view.sql !== undefined) blocks.push(...sqlBlocks(view.sql, view.sqlLength, t));
  blocks.push(metaContext(view, t));
  blocks.push(actions(view, t));
  return {
    text: escapeMrkdwn(t('card.fallback', { instanceId: view.instanceId, project: view.project, status })),
    blocks,
  };
}

export function stateLabel(state: CardState, t: Translator): string {
  switch (state) {
    case 'running':
      return t('status.Running');
    case 'suspended':
      return t('status.Suspended');
    case 'succeeded':
      return t('outcome.succeeded');
    case 'failed':
      return t('outcome.failed');
    case 'cancelled':
      return t('outcome.cancelled');
    case 'withheld':
      return t('outcome.withheld');
  }
}

export function isActive(state: CardState): boolean {
  return state === 'running' || state === 'suspended';
}

function statusSection(view: JobCardView, status: string, t: Translator): KnownBlock {
  const elapsed = formatDuration(view.elapsedMs, t.locale);
  const bold = raw(`*${escapeMrkdwn(status)}*`);
  const headline = mrkdwnMessage(t.template(isActive(view.state) ? 'card.status.running' : 'card.status.ended'), {
    status: bold,
    elapsed,
  });
  const bar = isActive(view.state) && view.percent !== undefined ? `  ${progressBar(view.percent)}` : '';
  const who = mrkdwnMessage(t.template(view.origin === 'run' ? 'card.by' : 'card.watchedBy'), {
    user: raw(mention(view.requestedBy)),
  });
  const project = mrkdwnMessage(t.template('card.project'), { project: raw(code(view.project)) });
  return {
    type: 'section',
    block_id: 'status',
    text: { type: 'mrkdwn', text: `${ICON[view.state]} ${headline}${bar}\n${project} · ${who}` },
  };
}

/** SQL goes in a rich-text preformatted element: literal text, so nothing in it can mention anyone. */
export function sqlBlocks(sql: string, sqlLength: number | undefined, t: Translator): KnownBlock[] {
  const lines = sql.split('\n');
  let shown = lines.length > SQL_MAX_LINES ? lines.slice(0, SQL_MAX_LINES).join('\n') : sql;
  shown = truncate(shown, SQL_MAX_CHARS);
  const blocks: KnownBlock[] = [
    {
      type: 'rich_text',
      block_id: 'sql',
      elements: [{ type: 'rich_text_preformatted', elements: [{ type: 'text', text: shown || ' ' }] }],
    },
  ];
  const stored = [...sql].length;
  const total = sqlLength ?? stored;
  if (shown !== sql || total > stored) {
    const note = t('card.sqlTruncated', {
      shown: formatCount([...shown].length, t.locale),
      total: formatCount(total, t.locale),
    });
    blocks.push({ type: 'context', block_id: 'sql_note', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(note) }] });
  }
  return blocks;
}

function metaContext(view: JobCardView, t: Translator): KnownBlock {
  const parts = [
    mrkdwnMessage(t.template('card.instance'), { instanceId: raw(code(view.instanceId)) }),
    mrkdwnMessage(t.template('card.submittedAt'), { time: raw(slackDate(view.submittedAt, t.locale)) }),
  ];
  if (view.runAs !== undefined) parts.push(runAsPart(view.runAs, t));
  if (view.cost !== undefined) parts.push(costPart(view.cost, t));
  if (view.release !== undefined) {
    parts.push(
      mrkdwnMessage(t.template(`card.${view.release.kind}`), {
        user: raw(mention(view.release.by)),
        time: raw(slackDate(view.release.at, t.locale)),
      }),
    );
  }
  if (isActive(view.state)) {
    // The card shows elapsed time already: drop the stage string's own timestamp.
    const stages = view.stages?.replace(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d /, '').trim();
    parts.push(
      `${escapeMrkdwn(t('card.progress'))}: ${stages ? code(stages.replaceAll('\t', '  ')) : escapeMrkdwn(t('card.noProgress'))}`,
    );
  }
  return {
    type: 'context',
    block_id: 'meta',
    elements: [{ type: 'mrkdwn', text: truncateMrkdwn(parts.join(' · '), 2900) }],
  };
}

/** The role's name (its ARN's last part) and the session MaxCompute's audit shows; or the bot's account. */
function runAsPart(runAs: RunAs, t: Translator): string {
  if (runAs.kind === 'bot') return escapeMrkdwn(t('card.asBot'));
  const role = runAs.roleArn.slice(runAs.roleArn.lastIndexOf('/') + 1);
  return mrkdwnMessage(t.template('card.asRole'), { role: raw(code(role)), session: raw(code(runAs.sessionName)) });
}

function costPart(cost: TrackedCost, t: Translator): string {
  if (cost.kind === 'failed') return escapeMrkdwn(t('card.estimateFailed'));
  return escapeMrkdwn(
    t('card.estimate', {
      price: formatPrice(cost.price, cost.currency, t.locale),
      input: formatBytes(cost.inputBytes, t.locale),
      complexity: formatCount(cost.complexity, t.locale),
    }),
  );
}

function actions(view: JobCardView, t: Translator): ActionsBlock {
  const value = instanceValue(view.project, view.instanceId);
  const elements: Button[] = [];
  if (isActive(view.state)) {
    elements.push({
      type: 'button',
      action_id: ACTION.stop,
      style: 'danger',
      value,
      text: { type: 'plain_text', text: t('button.stop') },
      confirm: {
        title: { type: 'plain_text', text: truncate(t('confirm.stop.title'), 100) },
        text: { type: 'plain_text', text: truncate(t('confirm.stop.text', { instanceId: view.instanceId }), 300) },
        confirm: { type: 'plain_text', text: t('confirm.stop.yes') },
        deny: { type: 'plain_text', text: t('confirm.stop.no') },
        style: 'danger',
      },
    });
  }
  if (view.logviewUrl !== undefined && view.logviewUrl.length <= 3000) {
    elements.push({
      type: 'button',
      action_id: ACTION.logview,
      url: view.logviewUrl,
      value,
      text: { type: 'plain_text', text: t('button.logview') },
    });
  }
  elements.push({
    type: 'button',
    action_id: ACTION.refresh,
    value,
    text: { type: 'plain_text', text: t('button.refresh') },
  });
  return { type: 'actions', block_id: 'job', elements };
}

/** Ten cells, filled to the nearest tenth. */
export function progressBar(percent: number): string {
  const clamped = Math.min(100, Math.max(0, Math.round(percent)));
  const filled = Math.round(clamped / 10);
  return `${'▰'.repeat(filled)}${'▱'.repeat(10 - filled)} ${clamped}%`;
}
