import type { KnownBlock } from '@slack/types';
import type { MessageKey, Translator } from '../i18n/catalog.ts';
import type { SlackMessage } from './message.ts';
import { escapeMrkdwn, joinWithin, link, mrkdwnMessage, raw, truncate, truncateMrkdwn } from './mrkdwn.ts';

/**
 * Short replies: one escaped section. Used for acknowledgements, refusals and errors. Escaping can
 * make a text up to five times longer, so the section is cut to its limit after escaping.
 */
export function notice(text: string, icon = ''): SlackMessage {
  const escaped = escapeMrkdwn(text);
  return {
    text: escaped,
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: truncateMrkdwn(icon ? `${icon} ${escaped}` : escaped, SECTION_TEXT_CHARS) },
      },
    ],
  };
}

/** A short reply already written as mrkdwn (its values escaped by mrkdwnMessage), for one that mentions someone. */
export function mrkdwnNotice(mrkdwn: string, icon = ''): SlackMessage {
  return {
    text: mrkdwn,
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: truncateMrkdwn(icon ? `${icon} ${mrkdwn}` : mrkdwn, SECTION_TEXT_CHARS) },
      },
    ],
  };
}

/** Section and context texts stop a little short of Block Kit's 3,000 characters. */
const SECTION_TEXT_CHARS = 2900;

/** The help (`help.title`, `help.body`), or a topic's own (the admin commands'), as preformatted text. */
export function helpMessage(
  t: Translator,
  titleKey: MessageKey = 'help.title',
  bodyKey: MessageKey = 'help.body',
): SlackMessage {
  const title = t(titleKey);
  return {
    text: escapeMrkdwn(title),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: title } },
      {
        type: 'rich_text',
        elements: [{ type: 'rich_text_preformatted', elements: [{ type: 'text', text: t(bodyKey) }] }],
      },
    ],
  };
}

/** A failure with a translated explanation and, beside it, the service's own text as it was sent. */
export function errorNotice(explanation: string, original: string | undefined, t: Translator): SlackMessage {
  const message = notice(explanation, ':warning:');
  if (!original) return message;
  return {
    text: message.text,
    blocks: [
      ...message.blocks,
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: truncateMrkdwn(
              `${escapeMrkdwn(t('error.original'))}: ${escapeMrkdwn(truncate(original, 2000))}`,
              SECTION_TEXT_CHARS,
            ),
          },
        ],
      },
    ],
  };
}

export interface LogviewLink {
  /** Sub-instance (XFlow step) name; undefined for the instance itself. */
  readonly name?: string;
  readonly url: string;
}

export function logviewMessage(instanceId: string, links: readonly LogviewLink[], t: Translator): SlackMessage {
  if (links.length === 0) return notice(t('logview.none', { instanceId }));
  const title = t('logview.title', { instanceId });
  const lines = links.map((each) =>
    each.name === undefined
      ? link(each.url, title)
      : mrkdwnMessage(t.template('logview.sub'), { name: each.name, link: raw(link(each.url, 'Logview')) }),
  );
  // Whole links only (a Logview link with its token is some 300 characters): a cut one would show
  // as raw text. What does not fit is counted, not dropped silently.
  const shown = joinWithin(lines, '\n', SECTION_TEXT_CHARS);
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: shown.text || ' ' } }];
  if (shown.omitted > 0) {
    const more = escapeMrkdwn(t('logview.more', { count: shown.omitted }));
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: more }] });
  }
  return { text: escapeMrkdwn(title), blocks };
}
