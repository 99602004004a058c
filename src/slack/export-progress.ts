import { randomBytes } from 'node:crypto';
import type { Logger } from '../observability/logger.ts';
import type { InstanceStore } from '../tracker/ports.ts';
import type { Translator } from './i18n/catalog.ts';
import { type ExportState, exportProgressMessage } from './messages/export-notes.ts';
import type { SlackPoster } from './slack-poster.ts';

/** Exports this long get a status line; shorter ones end before anyone would read it. */
export const PROGRESS_MIN_ROWS = 100_000;
/** How often the line is redrawn (and the cancel flag read): well inside chat.update's rate limit. */
export const PROGRESS_INTERVAL_MS = 3000;

export interface ProgressDeps {
  readonly slack: Pick<SlackPoster, 'post' | 'update'>;
  readonly store: Pick<InstanceStore, 'isClaimed'>;
  readonly logger: Logger;
  readonly now: () => number;
}

/** The store key that says an export was cancelled (set by the Cancel button's listener). */
export function exportCancelKey(exportId: string): string {
  return `export-cancel#${exportId}`;
}

/**
 * A long export's status line in the thread: posted when the export starts, redrawn as rows come,
 * with a Cancel button for the person it is for. Between redraws it reads the cancel flag the
 * button's listener sets (another function on AWS): `signal` aborts once it is set. A failed redraw
 * is logged and never fails the export.
 */
export class ExportProgress {
  readonly #deps: ProgressDeps;
  readonly #place: { readonly channel: string; readonly threadTs: string };
  readonly #t: Translator;
  readonly #total: number;
  readonly #cancel: { readonly exportId: string; readonly requestedBy: string } | undefined;
  readonly #controller = new AbortController();
  #ts: string | undefined;
  #lastAt = 0;
  #busy = false;

  constructor(
    deps: ProgressDeps,
    place: { readonly channel: string; readonly threadTs: string },
    t: Translator,
    total: number,
    requestedBy: string | undefined,
  ) {
    this.#deps = deps;
    this.#place = place;
    this.#t = t;
    this.#total = total;
    this.#cancel = requestedBy ? { exportId: randomBytes(8).toString('hex'), requestedBy } : undefined;
  }

  /** Aborts when the person cancels. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  get cancelled(): boolean {
    return this.#controller.signal.aborted;
  }

  async start(): Promise<void> {
    if (this.#total < PROGRESS_MIN_ROWS) return;
    this.#lastAt = this.#deps.now();
    this.#ts = await this.#quietly(() =>
      this.#deps.slack.post(this.#place.channel, this.#message('running', 0), { threadTs: this.#place.threadTs }),
    );
  }

  /** Rows written so far; redraws and reads the cancel flag at most every PROGRESS_INTERVAL_MS. */
  rows(rows: number): void {
    if (this.#ts === undefined || this.#busy || this.#deps.now() - this.#lastAt < PROGRESS_INTERVAL_MS) return;
    this.#busy = true;
    this.#lastAt = this.#deps.now();
    void this.#tick(rows).finally(() => {
      this.#busy = false;
    });
  }

  async finish(state: Exclude<ExportState, 'running'>, rows: number): Promise<void> {
    const ts = this.#ts;
    if (ts === undefined) return;
    await this.#quietly(() => this.#deps.slack.update(this.#place.channel, ts, this.#message(state, rows)));
  }

  async #tick(rows: number): Promise<void> {
    const cancel = this.#cancel;
    if (cancel && (await this.#quietly(() => this.#deps.store.isClaimed(exportCancelKey(cancel.exportId))))) {
      this.#controller.abort(new Error('the export was cancelled'));
      return;
    }
    const ts = this.#ts;
    if (ts !== undefined) {
      await this.#quietly(() => this.#deps.slack.update(this.#place.channel, ts, this.#message('running', rows)));
    }
  }

  #message(state: ExportState, rows: number) {
    return exportProgressMessage({ state, rows, total: this.#total }, this.#cancel, this.#t);
  }

  async #quietly<T>(call: () => Promise<T>): Promise<T | undefined> {
    try {
      return await call();
    } catch (error) {
      this.#deps.logger.warn('export progress line failed', { error: String(error) });
      return undefined;
    }
  }
}
