import type { KnownBlock } from '@slack/types';
import type { FinalNotice } from '../../tracker/notifier.ts';
import type { MessageKey, Translator } from '../i18n/catalog.ts';
import { formatDuration } from '../i18n/format.ts';
import { failureMessage } from './failure.ts';
import type { SlackMessage } from './message.ts';
import { code, joinWithin, link, mention, mrkdwnMessage, raw } from './mrkdwn.ts';
import { type Preview, previewOf } from './result-preview.ts';

const LINKS_CHARS = 2900;

const HEADLINE: Record<FinalNotice['outcome'], { key: MessageKey; icon: string }> = {
  succeeded: { key: 'notice.succeeded', icon: ':white_check_mark:' },
  failed: { key: 'notice.failed', icon: ':x:' },
  cancelled: { key: 'notice.cancelled', icon: ':octagonal_sign:' },
  abandoned: { key: 'notice.abandoned', icon: ':hourglass:' },
  withheld: { key: 'notice.withheld', icon: ':lock:' },
};

const STOPPED_BY = { key: 'notice.cancelledBy', icon: ':octagonal_sign:' } as const;

/** Who the notice speaks to and of: people to mention, the preview's rows, who asked for a stop. */
export interface NoticeAudience {
  readonly mentions: readonly string[];
  readonly previewRows?: number;
  readonly stopRequestedBy?: string;
  /** The whole result is being exported (a table the result API cut): the preview says so. */
  readonly exporting?: boolean;
}

/**
 * The reply in the job card's thread when an instance ends (one reply: a stop through the app is
 * told here, "stopped by … after 4s", not in a reply of its own): the outcome and duration (with the
 * mentions people asked for), the result preview or the failure's own text, and every Logview link.
 */
export function finalNoticeMessage(
  instanceId: string,
  notice: FinalNotice,
  audience: NoticeAudience,
  t: Translator,
): { message: SlackMessage; complete: boolean } {
  const { mentions, previewRows, stopRequestedBy } = audience;
  const stoppedBy = notice.outcome === 'cancelled' ? stopRequestedBy : undefined;
  const { key, icon } = stoppedBy === undefined ? HEADLINE[notice.outcome] : STOPPED_BY;
  const values = {
    instanceId: raw(code(instanceId)),
    elapsed: formatDuration(notice.elapsedMs, t.locale),
    ...(stoppedBy === undefined ? {} : { user: raw(mention(stoppedBy)) }),
  };
  const headline = mrkdwnMessage(t.template(key), values);
  const who = mentions.map((user) => mention(user)).join(' ');
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `${icon} ${headline}${who ? ` ${who}` : ''}` } },
  ];
  const body = resultBlocks(instanceId, notice, previewRows, t, audience.exporting);
  blocks.push(...(body?.message.blocks ?? []));
  if (notice.logview.length > 0) {
    // Whole links within the text limit of one context element (3,000 characters; a Logview link
    // with its token is some 300): past it Slack refuses the whole notice. /odps logview lists them all.
    const links = notice.logview.map((entry) =>
      link(entry.url, entry.name === undefined ? 'Logview' : `Logview · ${entry.name}`),
    );
    const { text } = joinWithin(links, '  ', LINKS_CHARS);
    if (text !== '') blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text }] });
  }
  // The notification's text: the same headline with the id as plain text.
  const text = mrkdwnMessage(t.template(key), { ...values, instanceId });
  return { message: { text, blocks }, complete: body?.complete ?? true };
}

function resultBlocks(
  instanceId: string,
  notice: FinalNotice,
  previewRows: number | undefined,
  t: Translator,
  exporting = false,
): Preview | undefined {
  const result = notice.result;
  if (!result) return undefined;
  switch (result.kind) {
    case 'table':
      return previewOf(instanceId, result, previewRows, t, exporting);
    case 'text':
      return result.text.trim() === '' ? undefined : previewOf(instanceId, result, previewRows, t);
    case 'failed': {
      const failure = failureMessage(instanceId, result.errorText, t);
      return { message: { text: failure.text, blocks: failure.blocks.slice(1) }, complete: true, rowsShown: 0 };
    }
    case 'cancelled':
      return undefined;
  }
}
