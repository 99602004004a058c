import { type ExportFile, writeExportFile } from '../export/export-file.ts';
import type { ExportStore } from '../export/export-store.ts';
import type { Logger } from '../observability/logger.ts';
import { GatewayError } from '../tracker/gateway-error.ts';
import type { MaxComputeGateway } from '../tracker/maxcompute-gateway.ts';
import type { InstanceKey, InstanceStore } from '../tracker/ports.ts';
import { describeError, isPermissionRefusal, slackErrorCode } from './error-text.ts';
import { ExportProgress } from './export-progress.ts';
import type { Translator } from './i18n/catalog.ts';
import { exportComment, exportLinkMessage, exportProblemMessage } from './messages/export-notes.ts';
import type { SlackPoster } from './slack-poster.ts';

export interface ExportSettings {
  /** ODPS_EXPORT_SLACK_MAX_MB in bytes: larger files go to the store. */
  readonly slackMaxBytes: number;
  readonly gzipAboveBytes: number;
  /** Where the file is written first (Lambda's /tmp). */
  readonly directory?: string;
}

export interface ExporterDeps {
  readonly slack: Pick<SlackPoster, 'post' | 'update' | 'uploadFile'>;
  /** Where the Cancel button's flag is read. */
  readonly flags: Pick<InstanceStore, 'isClaimed'>;
  readonly now: () => number;
  /** Absent: a result larger than Slack's limit cannot be exported, and the thread says so. */
  readonly bucket?: ExportStore;
  readonly settings: ExportSettings;
  readonly logger: Logger;
}

export type ExportOutcome =
  /** Shared in Slack, linked from the bucket, or cancelled by the person it was for. */
  { readonly kind: 'slack' | 'link' | 'cancelled' } | { readonly kind: 'refused' | 'failed'; readonly reason: string };

/** Where the export goes, and who it is for (who may cancel it). */
export interface ExportPlace {
  readonly channel: string;
  readonly threadTs: string;
  readonly requestedBy?: string;
}

/**
 * The whole result of an instance, exported where people read it: read through the Instance Tunnel
 * into a file (gzipped when large), then shared in the thread when it fits under the Slack limit, or
 * stored with a link to it when it does not. A refusal (the project does not grant the download) or
 * a failure is said in the thread and returned, so the caller can attach what the result API gave
 * instead; nothing partial is ever called whole.
 */
export class ResultExporter {
  readonly #deps: ExporterDeps;

  constructor(deps: ExporterDeps) {
    this.#deps = deps;
  }

  /** `reader` reads the result through the tunnel: whoever the export is for, as MaxCompute knows them. */
  async export(
    reader: Pick<MaxComputeGateway, 'exportResult'>,
    key: InstanceKey,
    place: ExportPlace,
    t: Translator,
    signal?: AbortSignal,
  ): Promise<ExportOutcome> {
    let file: ExportFile | undefined;
    let progress: ExportProgress | undefined;
    let rows = 0;
    try {
      const result = await reader.exportResult(key, signal ? { signal } : {});
      progress = new ExportProgress(
        { ...this.#deps, store: this.#deps.flags },
        place,
        t,
        result.rowCount,
        place.requestedBy,
      );
      await progress.start();
      const until = signal ? AbortSignal.any([signal, progress.signal]) : progress.signal;
      const onProgress = (written: number) => {
        rows = written;
        progress?.rows(written);
      };
      file = await writeExportFile(key.instanceId, result, { ...this.#settings(), signal: until, onProgress });
      const shared = await this.#share(key, file, place, t, until);
      await progress.finish('done', file.rows);
      return shared;
    } catch (error) {
      if (progress?.cancelled) {
        await progress.finish('cancelled', rows);
        return { kind: 'cancelled' };
      }
      await progress?.finish('stopped', rows);
      return this.#problem(key, place, t, error);
    } finally {
      await file?.remove();
    }
  }

  async #problem(key: InstanceKey, place: ExportPlace, t: Translator, error: unknown): Promise<ExportOutcome> {
    const outcome = problemOf(error, t);
    this.#deps.logger.warn('result export failed', { ...key, kind: outcome.kind, error: String(error) });
    await this.#deps.slack.post(place.channel, exportProblemMessage(outcome.kind, outcome.reason, t), {
      threadTs: place.threadTs,
    });
    return outcome;
  }

  async #share(
    key: InstanceKey,
    file: ExportFile,
    place: ExportPlace,
    t: Translator,
    signal: AbortSignal | undefined,
  ): Promise<ExportOutcome> {
    const { slackMaxBytes } = this.#deps.settings;
    if (file.bytes <= slackMaxBytes) {
      await this.#deps.slack.uploadFile(
        {
          channel: place.channel,
          threadTs: place.threadTs,
          path: file.path,
          filename: file.filename,
          bytes: file.bytes,
          comment: exportComment(file, t),
        },
        signal,
      );
      return { kind: 'slack' };
    }
    const store = this.#deps.bucket;
    if (store === undefined) throw new ExportTooLargeError(file.bytes, slackMaxBytes);
    const stored = await store.store(key, file, signal);
    await this.#deps.slack.post(place.channel, exportLinkMessage({ ...file, ...stored }, slackMaxBytes, t), {
      threadTs: place.threadTs,
    });
    return { kind: 'link' };
  }

  #settings() {
    const { gzipAboveBytes, directory } = this.#deps.settings;
    return { gzipAboveBytes, ...(directory ? { directory } : {}) };
  }
}

export class ExportTooLargeError extends Error {
  readonly code = 'export_too_large';
  readonly retryable = false;

  constructor(bytes: number, limit: number) {
    super(
      `${bytes} bytes is over the Slack limit of ${limit} bytes and no export bucket is configured (ODPS_EXPORT_BUCKET)`,
    );
    this.name = 'ExportTooLargeError';
  }
}

/**
 * Why the export did not happen, for the thread: MaxCompute's or Slack's own words where they said
 * something (error-text.ts decides which refusals are permissions), else our own error's message
 * (the bucket missing, the store unavailable).
 */
function problemOf(error: unknown, t: Translator): { kind: 'refused' | 'failed'; reason: string } {
  const kind = isPermissionRefusal(error) ? 'refused' : 'failed';
  if (error instanceof GatewayError || slackErrorCode(error) !== undefined) {
    const described = describeError(error, t);
    return { kind, reason: described.original ?? described.explanation };
  }
  return { kind, reason: error instanceof Error ? error.message : String(error) };
}
