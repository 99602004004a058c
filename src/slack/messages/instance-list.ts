import type { KnownBlock } from '@slack/types';
import type { InstanceSummary } from '../../tracker/maxcompute-gateway.ts';
import type { InstanceState } from '../../tracker/tracked-instance.ts';
import type { Translator } from '../i18n/catalog.ts';
import { slackDate } from '../i18n/format.ts';
import { stateLabel } from './job-card.ts';
import { LIMITS } from './limits.ts';
import { ACTION, type SlackMessage } from './message.ts';
import { code, escapeMrkdwn, mrkdwnMessage, raw, splitWithin, truncateMrkdwn } from './mrkdwn.ts';

/** One page of 15 lines. */
export const LIST_PAGE_SIZE = 15;

/**
 * A line's share of the message's text budget. A real line (a 26-character id, an account name, a
 * date) is some 120 characters; an owner or id full of characters mrkdwn escapes (`&` becomes `&amp;`)
 * can be five times its length, and is cut here rather than making Slack refuse the page.
 */
const LINE_CHARS = Math.floor(LIMITS.budgetTotalText / LIST_PAGE_SIZE);

export interface ListPage {
  readonly project: string;
  /** This page's instances (at most LIST_PAGE_SIZE). */
  readonly instances: readonly InstanceSummary[];
  /** How the ended ones on this page ended, by id; one missing here shows its bare status. */
  readonly outcomes?: ReadonlyMap<string, InstanceState>;
  /** How many matched in all, and whether the listing stopped at its cap. */
  readonly total: number;
  readonly capped: boolean;
  /** 1-based. */
  readonly page: number;
  /** The Next button's value, when there is a next page. */
  readonly next?: string;
}

/** `/odps list`: one line per instance, a page at a time, with a Next button while more remain. */
export function instanceListMessage(view: ListPage, t: Translator): SlackMessage {
  const { project, instances } = view;
  if (instances.length === 0) {
    const text = t('list.empty', { project });
    return {
      text: escapeMrkdwn(text),
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: escapeMrkdwn(text) } }],
    };
  }
  const title = t('list.title', { project, count: view.capped ? `${view.total}+` : view.total });
  const blocks: KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: title.slice(0, 150) } }];
  const shown = instances.slice(0, LIST_PAGE_SIZE);
  const lines = shown.map((instance) =>
    truncateMrkdwn(
      mrkdwnMessage(t.template('list.row'), {
        instanceId: raw(code(instance.id)),
        status: statusOf(instance, view.outcomes, t),
        owner: raw(code(instance.owner ?? '?')),
        started: raw(instance.startTime ? slackDate(instance.startTime.getTime(), t.locale) : '?'),
      }),
      LINE_CHARS,
    ),
  );
  // Whole lines, in as many sections as Slack's 3,000 characters per section take.
  for (const text of splitWithin(lines, '\n', LIMITS.sectionText)) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text } });
  }
  const pages = Math.max(1, Math.ceil(view.total / LIST_PAGE_SIZE));
  const footer = [t('list.page', { page: view.page, pages })];
  if (view.capped) footer.push(t('list.more', { shown: view.total }));
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(footer.join(' · ')) }] });
  if (view.next !== undefined) {
    blocks.push({
      type: 'actions',
      block_id: 'list_pages',
      elements: [
        {
          type: 'button',
          action_id: ACTION.listNext,
          value: view.next,
          text: { type: 'plain_text', text: t('list.next') },
        },
      ],
    });
  }
  return { text: escapeMrkdwn(title), blocks };
}

function statusOf(instance: InstanceSummary, outcomes: ListPage['outcomes'], t: Translator): string {
  const outcome = outcomes?.get(instance.id);
  return outcome === undefined ? t(`status.${instance.status}`) : stateLabel(outcome, t);
}
