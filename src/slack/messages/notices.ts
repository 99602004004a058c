import type { Translator } from '../i18n/catalog.ts';
import type { SlackMessage } from './message.ts';
import { escapeMrkdwn, link, mrkdwnMessage, raw } from './mrkdwn.ts';

/** Short replies: one escaped section. Used for acknowledgements, refusals and errors. */
export function notice(text: string, icon = ''): SlackMessage {
  const escaped = escapeMrkdwn(text);
  return {
    text: escaped,
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: icon ? `${icon} ${escaped}` : escaped } }],
  };
}

export function helpMessage(t: Translator): SlackMessage {
  const title = t('help.title');
  return {
    text: escapeMrkdwn(title),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: title } },
      {
        type: 'rich_text',
        elements: [{ type: 'rich_text_preformatted', elements: [{ type: 'text', text: t('help.body') }] }],
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
          { type: 'mrkdwn', text: `${escapeMrkdwn(t('error.original'))}: ${escapeMrkdwn(original.slice(0, 2000))}` },
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
  const lines = links
    .slice(0, 40)
    .map((each) =>
      each.name === undefined
        ? link(each.url, title)
        : mrkdwnMessage(t.template('logview.sub'), { name: each.name, link: raw(link(each.url, 'Logview')) }),
    );
  return {
    text: escapeMrkdwn(title),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: lines.join('\n').slice(0, 2900) } }],
  };
}
