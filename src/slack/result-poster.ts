import type { InstanceResult, MaxComputeGateway } from '../tracker/maxcompute-gateway.ts';
import type { FinalNotice } from '../tracker/notifier.ts';
import type { TrackedInstance } from '../tracker/tracked-instance.ts';
import { type Locale, type Translator, translator } from './i18n/catalog.ts';
import { failureMessage } from './messages/failure.ts';
import { finalNoticeMessage } from './messages/final-notice.ts';
import type { SlackMessage } from './messages/message.ts';
import { notice } from './messages/notices.ts';
import { resultFile } from './messages/result-file.ts';
import { previewOf } from './messages/result-preview.ts';
import type { ResultExporter } from './result-exporter.ts';
import type { SlackPoster } from './slack-poster.ts';

/** The Slack calls a result takes: the message, then the file. */
export type ResultSlack = Pick<SlackPoster, 'post' | 'uploadCsv'>;

/** A result as it is posted: the message people read, and what a file under it would hold. */
export interface ResultPost {
  readonly instanceId: string;
  /** The instance's project: with it, a result the API cut can be exported whole. */
  readonly project?: string;
  /** Who the result is for: they (or an admin) may cancel a long export. */
  readonly requestedBy?: string;
  /** What MaxCompute gave; only a table or a text has a file. */
  readonly result?: InstanceResult;
  readonly message: SlackMessage;
  /** Whether the message shows the whole result (no row, column or text left out). */
  readonly complete: boolean;
  /** The file was asked for (`/odps result --csv`), whatever the message showed. */
  readonly fileAsked: boolean;
  /** The language of the message and of the file's comment. */
  readonly t: Translator;
}

/** `/odps result`'s post: the preview of a table or text, the failure's own text, or that it was stopped. */
export function commandResult(
  instanceId: string,
  result: InstanceResult,
  options: {
    readonly csv: boolean;
    readonly previewRows?: number;
    readonly project?: string;
    readonly exporting?: boolean;
    readonly requestedBy?: string;
  },
  t: Translator,
): ResultPost {
  const post = {
    instanceId,
    result,
    fileAsked: options.csv,
    t,
    ...(options.project ? { project: options.project } : {}),
    ...(options.requestedBy ? { requestedBy: options.requestedBy } : {}),
  };
  switch (result.kind) {
    case 'failed':
      return { ...post, message: failureMessage(instanceId, result.errorText, t), complete: true };
    case 'cancelled':
      return { ...post, message: notice(t('outcome.cancelled'), ':octagonal_sign:'), complete: true };
    default: {
      const { message, complete } = previewOf(instanceId, result, options.previewRows, t, options.exporting);
      return { ...post, message, complete };
    }
  }
}

/** The tracker's final notice as a result post, in the channel's language (src/slack/messages/final-notice.ts). */
export function noticeResult(instance: TrackedInstance, final: FinalNotice, exporting = false): ResultPost {
  const t = translator(instance.locale as Locale);
  const { message, complete } = finalNoticeMessage(instance.instanceId, final, { ...instance, exporting }, t);
  const { instanceId, project } = instance;
  return { instanceId, project, result: final.result, message, complete, fileAsked: false, t };
}

/** A table the result API cut (or may have cut): only an export through the tunnel holds all of it. */
export function isCutTable(result: InstanceResult | undefined): boolean {
  return result?.kind === 'table' && result.completeness !== 'complete';
}

/** Whether the whole result goes up as a file: the preview left something out, or a CSV was asked for. */
export function needsFile(post: ResultPost): boolean {
  const kind = post.result?.kind;
  if (kind === 'table') return !post.complete || post.fileAsked;
  return kind === 'text' && !post.complete;
}

/** Who exports a cut table whole, and whose identity reads it through the tunnel. */
export interface ResultExporting {
  readonly exporter: ResultExporter;
  readonly reader: Pick<MaxComputeGateway, 'exportResult'>;
}

/**
 * Posts results, in two steps: the message, then (when `needsFile` says so) the whole result as a
 * file under it (src/slack/messages/result-file.ts). `/odps result` takes them in a row; the tracker's
 * notice takes them as two steps of its lease (src/tracker/notice-steps.ts), each recorded. With an
 * exporter, a table the result API cut is exported whole through the Instance Tunnel instead; only
 * when that is refused or fails does the API's partial CSV go up, called partial.
 */
export class ResultPoster {
  readonly #slack: ResultSlack;
  readonly #exporting: ResultExporting | undefined;

  constructor(slack: ResultSlack, exporting?: ResultExporting) {
    this.#slack = slack;
    this.#exporting = exporting;
  }

  /** The first step: the message in `channel`, as `options` place it; returns its ts. */
  postMessage(channel: string, post: ResultPost, options?: Parameters<SlackPoster['post']>[2]): Promise<string> {
    return this.#slack.post(channel, post.message, options);
  }

  /** The second step: the whole result as a file in `threadTs`'s thread (nothing for a result with no file). */
  async uploadFile(channel: string, threadTs: string, post: ResultPost, signal?: AbortSignal): Promise<void> {
    const { result } = post;
    if (result?.kind !== 'table' && result?.kind !== 'text') return;
    if (isCutTable(result) && this.#exporting && post.project) {
      const key = { project: post.project, instanceId: post.instanceId };
      const place = { channel, threadTs, ...(post.requestedBy ? { requestedBy: post.requestedBy } : {}) };
      const { exporter, reader } = this.#exporting;
      const exported = await exporter.export(reader, key, place, post.t, signal);
      // Shared, or cancelled by the person it was for: nothing more goes up.
      if (exported.kind !== 'refused' && exported.kind !== 'failed') return;
    }
    await this.#slack.uploadCsv({ channel, threadTs, ...resultFile(post.instanceId, result, post.t) });
  }

  /** Both steps in a row, the file only when needed: `/odps result` in the channel. */
  async postResult(channel: string, post: ResultPost, signal?: AbortSignal): Promise<void> {
    const ts = await this.postMessage(channel, post);
    if (needsFile(post)) await this.uploadFile(channel, ts, post, signal);
  }
}
