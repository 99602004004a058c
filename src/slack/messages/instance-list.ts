import type { KnownBlock } from '@slack/types';
import type { InstanceSummary } from '../../maxcompute/types.ts';
import type { Translator } from '../i18n/catalog.ts';
import { slackDate } from '../i18n/format.ts';
import type { SlackMessage } from './message.ts';
import { code, escapeMrkdwn, mrkdwnMessage, raw } from './mrkdwn.ts';

const ROWS_PER_SECTION = 15;
export const LIST_MAX_ROWS = 60;

/** `/odps list`: one line per instance, in sections of 15 lines to stay far below 3,000 characters each. */
export function instanceListMessage(
  project: string,
  instances: readonly InstanceSummary[],
  truncated: boolean,
  t: Translator,
): SlackMessage {
  if (instances.length === 0) {
    const text = t('list.empty', { project });
    return {
      text: escapeMrkdwn(text),
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: escapeMrkdwn(text) } }],
    };
  }
  const title = t('list.title', { project, count: instances.length });
  const blocks: KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: title.slice(0, 150) } }];
  const shown = instances.slice(0, LIST_MAX_ROWS);
  for (let start = 0; start < shown.length; start += ROWS_PER_SECTION) {
    const lines = shown.slice(start, start + ROWS_PER_SECTION).map((instance) =>
      mrkdwnMessage(t.template('list.row'), {
        instanceId: raw(code(instance.id)),
        status: t(`status.${instance.status}`),
        owner: raw(code(instance.owner ?? '?')),
        started: raw(instance.startTime ? slackDate(instance.startTime.getTime(), t.locale) : '?'),
      }),
    );
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } });
  }
  if (truncated || instances.length > shown.length) {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: escapeMrkdwn(t('list.more', { shown: shown.length })) }],
    });
  }
  return { text: escapeMrkdwn(title), blocks };
}
