import type { Logger } from '../observability/logger.ts';
import { finalize } from './finalize.ts';
import type { InstanceReader, InstanceReaders } from './instance-readers.ts';
import type { InstanceDescription, MaxComputeGateway } from './maxcompute-gateway.ts';
import type { TerminatedEventPublisher, TrackerNotifier } from './notifier.ts';
import type { InstanceKey, InstanceStore } from './ports.ts';
import { runLimited } from './run-limited.ts';
import { type ActiveInstance, endedStateOf, type TrackedInstance } from './tracked-instance.ts';

export interface PollerOptions {
  /** Pause between ticks within one invocation. */
  readonly tickIntervalMs: number;
  /** How long a notice claim protects a poller that is posting it. */
  readonly leaseMs: number;
  /** Instances still running after this long get a last notice and are no longer followed. */
  readonly maxAgeMs: number;
  /** Running instances whose progress is re-read per project and tick (the stalest first). */
  readonly progressReadsPerTick: number;
  /** Notices and progress reads in flight at once. */
  readonly concurrency: number;
  /**
   * How long an ended instance without a job card yet waits for it before its notice goes to the
   * channel instead: the worker and `/odps watch` record an instance before they post its card, so a
   * quick query can end first.
   */
  readonly cardGraceMs: number;
}

export const DEFAULT_POLLER_OPTIONS: PollerOptions = {
  // A notice waits half a tick on average before the listing shows its instance ended.
  tickIntervalMs: 3000,
  leaseMs: 30_000,
  maxAgeMs: 24 * 60 * 60 * 1000,
  progressReadsPerTick: 10,
  concurrency: 8,
  cardGraceMs: 2 * 60 * 1000,
};

/** A watched instance may have started well before anyone watched it: list that far back. */
const WATCH_LOOKBACK_MS = 7 * 24 * 60 * 60 * 1000;
const LISTING_SLACK_MS = 5 * 60 * 1000;

export interface PollerDeps {
  readonly store: InstanceStore;
  /** Lists each project's live instances (ids and statuses only): the bot's account. */
  readonly gateway: MaxComputeGateway;
  /** Reads each instance's progress and result as whoever asked for it (instance-readers.ts). */
  readonly readers: InstanceReaders;
  readonly notifier: TrackerNotifier;
  readonly events: TerminatedEventPublisher;
  readonly logger: Logger;
  readonly now: () => number;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface TickReport {
  readonly tracked: number;
  readonly notices: number;
  readonly cardUpdates: number;
  readonly errors: number;
}

/**
 * Follows every tracked instance. Status comes from the listing (one request per page and project,
 * not one per instance); only instances that left the listing, and a bounded number of running ones
 * for their progress, are read one by one. A tick holds what the active index keeps of each instance
 * (ActiveInstance: a few hundred bytes, not the SQL); the whole record comes with the claim of a
 * notice, or a read by key, for the few instances the tick acts on. Overlapping pollers are harmless:
 * cards are redrawn idempotently and each notice goes out once (see finalize.ts).
 */
export class Poller {
  readonly #deps: PollerDeps;
  readonly #options: PollerOptions;
  /** Per project, where the last tick's listing had to start: the next tick starts it early from there. */
  readonly #listedFrom = new Map<string, number>();

  constructor(deps: PollerDeps, options: Partial<PollerOptions> = {}) {
    this.#deps = deps;
    this.#options = { ...DEFAULT_POLLER_OPTIONS, ...options };
  }

  /** Ticks until fewer than `reserveMs` remain before `deadline` (epoch ms) or the signal aborts. */
  async runUntil(deadline: number, reserveMs: number, signal?: AbortSignal): Promise<TickReport[]> {
    const reports: TickReport[] = [];
    const { now, sleep } = this.#deps;
    while (!signal?.aborted && deadline - now() > reserveMs) {
      const started = now();
      reports.push(await this.tick(signal));
      const pause = this.#options.tickIntervalMs - (now() - started);
      if (pause > 0 && deadline - now() - pause > reserveMs) await sleep(pause, signal).catch(() => undefined);
      else if (pause > 0) break;
    }
    return reports;
  }

  async tick(signal?: AbortSignal): Promise<TickReport> {
    const counts = { tracked: 0, notices: 0, cardUpdates: 0, errors: 0 };
    // Each project the last tick saw is listed while the store is read, not after: the two reads
    // overlap instead of adding up (about 0.4 s of a tick at 10,000 instances).
    const early = new Map<string, Listing>();
    for (const [project, from] of this.#listedFrom) {
      early.set(project, this.#list(project, from, this.#deps.now(), signal));
    }
    const byProject = new Map<string, ActiveInstance[]>();
    try {
      for await (const instance of this.#deps.store.listActive()) {
        counts.tracked++;
        const list = byProject.get(instance.project) ?? [];
        list.push(instance);
        byProject.set(instance.project, list);
      }
    } catch (error) {
      // Nothing is lost: the records stay where they are and the next tick reads them again.
      counts.errors++;
      this.#deps.logger.warn('reading tracked instances failed; next tick retries', { error: describe(error) });
      return counts;
    }
    this.#listedFrom.clear();
    await Promise.all(
      [...byProject].map(([project, instances]) => {
        const from = listingStart(instances);
        this.#listedFrom.set(project, from);
        // Started after the store was read, a listing can contain every instance read.
        const listing = early.get(project) ?? this.#list(project, from, Number.POSITIVE_INFINITY, signal);
        return this.#tickProject(project, instances, listing, counts, signal).catch((error: unknown) => {
          counts.errors++;
          this.#deps.logger.warn('poll of a project failed; next tick retries', { project, error: describe(error) });
        });
      }),
    );
    return counts;
  }

  /** Starts a project's listing; its failure is kept for the tick to report, never left unhandled. */
  #list(project: string, from: number, startedAt: number, signal: AbortSignal | undefined): Listing {
    const live = this.#deps.gateway.liveStatuses(project, new Date(from), { signal }).then(
      (statuses) => ({ statuses }),
      (error: unknown) => ({ error }),
    );
    return { from, startedAt, live };
  }

  async #tickProject(
    project: string,
    instances: ActiveInstance[],
    listing: Listing,
    counts: { notices: number; cardUpdates: number; errors: number },
    signal: AbortSignal | undefined,
  ): Promise<void> {
    const { now } = this.#deps;
    const listed = await listing.live;
    if ('error' in listed) throw listed.error;
    const live = listed.statuses;
    const ended: ActiveInstance[] = [];
    const changed: ActiveInstance[] = [];
    const steady: ActiveInstance[] = [];
    for (const instance of instances) {
      const status = live.get(instance.instanceId);
      if (status === undefined) {
        // An early listing proves nothing about an instance it could not contain: one tracked after it
        // started, or (watched) started before its range. The next tick lists for it. (Were the clocks
        // of the worker and the poller apart, a running instance is judged ended and the describe that
        // follows says otherwise: a read, never a wrong notice.)
        if (instance.trackedAt > listing.startedAt || lowerBound(instance) < listing.from) continue;
        ended.push(instance);
      } else if (now() - instance.trackedAt > this.#options.maxAgeMs) ended.push(instance);
      else if (status !== instance.status) changed.push(instance);
      else steady.push(instance);
    }
    const stalest = steady
      .sort((a, b) => a.updatedAt - b.updatedAt)
      .slice(0, Math.max(0, this.#options.progressReadsPerTick - changed.length));
    const work = [
      ...ended.map((instance) => () => this.#end(instance, live.has(instance.instanceId), counts, signal)),
      ...[...changed, ...stalest].map((instance) => () => this.#refresh(instance, counts, signal)),
    ];
    await runLimited(work, this.#options.concurrency, (error) => {
      counts.errors++;
      this.#deps.logger.warn('instance step failed; next tick retries', { project, error: describe(error) });
    });
  }

  /**
   * Left the listing (ended), or outlived the age limit while running (abandoned). Read as whoever
   * asked for it; when they have no identity any more, nothing is read and the notice says so.
   */
  async #end(
    tracked: ActiveInstance,
    stillRunning: boolean,
    counts: { notices: number },
    signal: AbortSignal | undefined,
  ): Promise<void> {
    if (tracked.notice?.state === 'claimed' && tracked.notice.leaseUntil > this.#deps.now()) return;
    const reader = await this.#readerOf(tracked, signal);
    const deps = { ...this.#deps, leaseMs: this.#options.leaseMs, reader: gatewayOf(reader) };
    if (stillRunning) {
      if (await finalize(tracked, 'abandoned', undefined, deps, signal)) counts.notices++;
      return;
    }
    const description = deps.reader && (await deps.reader.describe(tracked, { signal }, 'brief'));
    // The listing can lag a status change; only an instance MaxCompute calls Terminated is final.
    if (description !== undefined && description.status !== 'Terminated') return;
    // The card is still on its way: its thread is where the notice belongs. Judged on the record read
    // by key when the index's copy has no card, since that copy may predate a card just attached.
    if (tracked.cardTs === undefined && this.#deps.now() - tracked.trackedAt < this.#options.cardGraceMs) {
      const instance = await this.#record(tracked);
      if (instance === undefined || instance.cardTs === undefined) return;
    }
    const outcome = description === undefined ? 'withheld' : endedStateOf(description);
    if (await finalize(tracked, outcome, description, deps, signal)) counts.notices++;
  }

  /** Whoever asked for the instance, as mapped now; the record is read by key only if that matters. */
  #readerOf(key: InstanceKey, signal: AbortSignal | undefined): Promise<InstanceReader> {
    return this.#deps.readers.readerFor(() => this.#deps.store.get(key), signal);
  }

  /**
   * The whole record, read by key (strongly consistent, where the listing's copy may lag a card just
   * attached); undefined when its notice was completed meanwhile or the record is gone.
   */
  async #record(key: InstanceKey): Promise<TrackedInstance | undefined> {
    const instance = await this.#deps.store.get(key);
    return instance?.notice?.state === 'done' ? undefined : instance;
  }

  /** A running instance: record and redraw when its status or progress changed. */
  async #refresh(
    instance: ActiveInstance,
    counts: { cardUpdates: number },
    signal: AbortSignal | undefined,
  ): Promise<void> {
    const reader = gatewayOf(await this.#readerOf(instance, signal));
    // Nobody may read it for the channel now: the card keeps its last progress until the notice.
    if (reader === undefined) return;
    const description: InstanceDescription = await reader.describe(instance, { signal }, 'brief');
    if (description.status === 'Terminated') return; // the next tick sees it leave the listing
    const task = description.tasks.find((each) => each.stages !== undefined);
    const progress = task?.stages?.replace(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d /, '');
    const now = this.#deps.now();
    if (description.status === instance.status && progress === instance.progress) {
      await this.#deps.store.recordProgress(instance, { status: instance.status, progress, updatedAt: now });
      return;
    }
    await this.#deps.store.recordProgress(instance, {
      status: description.status,
      progress,
      percent: task?.percent,
      updatedAt: now,
    });
    // Read again by key and handed over whole: the listing's copy may predate the card, and another
    // poller may have seen the instance end and finished its card while this read was on its way (a
    // slow MaxCompute answer). The notifier judges on it whether the card may be redrawn.
    const current = await this.#deps.store.get(instance);
    if (current === undefined) return;
    // With the progress this read saw: the store keeps the last one when MaxCompute shows none.
    if (await this.#deps.notifier.redrawCard({ ...current, progress }, description)) counts.cardUpdates++;
  }
}

/**
 * A project's listing of live instances started since `from` (epoch ms). `startedAt`: when it was
 * asked for, before the store was read (an instance tracked later may be missing from it), or
 * infinity when it was asked for after.
 */
interface Listing {
  readonly from: number;
  readonly startedAt: number;
  readonly live: Promise<{ statuses: Map<string, 'Running' | 'Suspended'> } | { error: unknown }>;
}

/** The earliest start the listing must cover for this instance. */
function lowerBound(instance: ActiveInstance): number {
  return instance.trackedAt - (instance.origin === 'watch' ? WATCH_LOOKBACK_MS : LISTING_SLACK_MS);
}

function listingStart(instances: readonly ActiveInstance[]): number {
  // A loop, not Math.min(...spread): a spread of ~150,000 arguments overflows the stack.
  let from = Number.POSITIVE_INFINITY;
  for (const each of instances) from = Math.min(from, lowerBound(each));
  return from;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function gatewayOf(reader: InstanceReader): MaxComputeGateway | undefined {
  return reader.kind === 'gateway' ? reader.gateway : undefined;
}
