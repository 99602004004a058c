import type { Translator } from '../i18n/catalog.ts';
import { formatBytes, slackDate } from '../i18n/format.ts';
import { countOf } from '../i18n/plural.ts';
import type { SlackMessage } from './message.ts';
import { link, mrkdwnMessage, raw } from './mrkdwn.ts';
import { notice } from './notices.ts';

/**
 * What a full export says in the thread: the file's comment when the file went to Slack, a message
 * with a time-limited link when it was too large for Slack, and why it could not be exported at all
 * (the partial file that follows is then called partial by its own comment).
 */
export interface ExportedFigures {
  readonly rows: number;
  /** Bytes as stored (compressed when gzip). */
  readonly bytes: number;
  readonly csvBytes: number;
  readonly gzip: boolean;
}

export function exportComment(file: ExportedFigures, t: Translator): string {
  const figures = {
    rows: countOf(t, 'rows', file.rows),
    size: formatBytes(file.bytes, t.locale),
    csvSize: formatBytes(file.csvBytes, t.locale),
  };
  return t(file.gzip ? 'export.commentGzip' : 'export.comment', figures);
}

export function exportLinkMessage(
  file: ExportedFigures & { readonly url: string; readonly filename: string; readonly expiresAt: Date },
  limitBytes: number,
  t: Translator,
): SlackMessage {
  const text = mrkdwnMessage(t.template('export.link'), {
    rows: countOf(t, 'rows', file.rows),
    size: formatBytes(file.bytes, t.locale),
    limit: formatBytes(limitBytes, t.locale),
    link: raw(link(file.url, t('export.linkLabel', { filename: file.filename }))),
    expires: raw(slackDate(file.expiresAt.getTime(), t.locale)),
  });
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `:package: ${text}` } }] };
}

/** The export was refused (a permission) or failed; `reason` is the service's own words, shown escaped. */
export function exportProblemMessage(kind: 'refused' | 'failed', reason: string, t: Translator): SlackMessage {
  return notice(t(kind === 'refused' ? 'export.refused' : 'export.failed', { reason }), ':warning:');
}
