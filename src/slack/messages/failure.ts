import type { Translator } from '../i18n/catalog.ts';
import type { SlackMessage } from './message.ts';
import { escapeMrkdwn, truncate } from './mrkdwn.ts';

const ERROR_TEXT_CHARS = 2500;

/**
 * A failed instance: our explanation in the reader's language, then MaxCompute's own text as it was
 * sent, preformatted and literal (it may contain anything, including mention syntax).
 */
export function failureMessage(instanceId: string, errorText: string, t: Translator): SlackMessage {
  const title = t('result.failed', { instanceId });
  return {
    text: escapeMrkdwn(`${title} ${truncate(errorText, 200)}`),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `:x: *${escapeMrkdwn(title)}*` } },
      {
        type: 'rich_text',
        elements: [
          {
            type: 'rich_text_preformatted',
            elements: [{ type: 'text', text: truncate(errorText, ERROR_TEXT_CHARS) || ' ' }],
          },
        ],
      },
    ],
  };
}
