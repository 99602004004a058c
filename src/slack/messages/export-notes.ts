import type { KnownBlock } from '@slack/types';
import type { Translator } from '../i18n/catalog.ts';
import { formatBytes, formatCount, slackDate } from '../i18n/format.ts';
import { countOf } from '../i18n/plural.ts';
import { ACTION, exportCancelValue, type SlackMessage } from './message.ts';
import { escapeMrkdwn, link, mrkdwnMessage, raw } from './mrkdwn.ts';
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

export type ExportState = 'running' | 'done' | 'cancelled' | 'stopped';

const STATE = {
  running: { key: 'export.progress', icon: ':hourglass_flowing_sand:' },
  done: { key: 'export.done', icon: ':white_check_mark:' },
  cancelled: { key: 'export.cancelled', icon: ':octagonal_sign:' },
  stopped: { key: 'export.stopped', icon: ':warning:' },
} as const;

/**
 * The export's own status line in the thread, for a long one: how far it has read, with a Cancel
 * button for the person it is for (`cancel`) while it runs; its last state once it ends.
 */
export function exportProgressMessage(
  progress: { readonly state: ExportState; readonly rows: number; readonly total: number },
  cancel: { readonly exportId: string; readonly requestedBy: string } | undefined,
  t: Translator,
): SlackMessage {
  const { key, icon } = STATE[progress.state];
  const percent = progress.total === 0 ? 100 : Math.floor((progress.rows / progress.total) * 100);
  const text = escapeMrkdwn(
    t(key, {
      rows: formatCount(progress.rows, t.locale),
      total: countOf(t, 'rows', progress.total),
      percent: String(percent),
    }),
  );
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: `${icon} ${text}` } }];
  if (progress.state === 'running' && cancel !== undefined) {
    blocks.push({
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: ACTION.cancelExport,
          style: 'danger',
          text: { type: 'plain_text', text: t('export.cancel') },
          value: exportCancelValue(cancel.exportId, cancel.requestedBy),
        },
      ],
    });
  }
  return { text, blocks };
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
