import type { InstanceKey, InstanceStore, NoticeCompletion } from '../tracker/ports.ts';
import {
  type ActiveInstance,
  activeOf,
  type NoticeState,
  type NoticeStep,
  type TrackedInstance,
  type TrackedStatus,
} from '../tracker/tracked-instance.ts';
import { activeSortKey } from './dynamodb-item-layout.ts';
import { DEFAULT_INSTANCE_TTL_SECONDS, expiresAtSeconds, isExpired } from './expiry.ts';
import { StoreConflictError, StoreNotFoundError } from './store-errors.ts';

export interface MemoryInstanceStoreOptions {
  /** Epoch ms; claims and tracked instances expire against it. */
  readonly clock?: () => number;
  /** How long a tracked instance is kept, as in the DynamoDB store. Default 7 days. */
  readonly instanceTtlSeconds?: number;
}

interface Expiring<T> {
  readonly value: T;
  readonly expiresAt: number;
}

/** How many remembered claims trigger a sweep of the lapsed ones. */
const CLAIM_SWEEP_AT = 1000;

/**
 * An {@link InstanceStore} in this process's memory, for tests and local single-process runs.
 * It must not be used with more than one process: a second process (another Lambda container, a
 * second local server) sees none of these claims, so redelivered commands would run twice there.
 * Within one process every method's read-and-write happens in one synchronous step, so concurrent
 * calls are as atomic as DynamoDB's conditional writes. Expiry and the notice's conditions follow
 * the same rules as the DynamoDB store (dynamodb-notice.ts).
 */
export class MemoryInstanceStore implements InstanceStore {
  readonly #clock: () => number;
  readonly #instanceTtlSeconds: number;
  readonly #claims = new Map<string, number>();
  readonly #instances = new Map<string, Expiring<TrackedInstance>>();

  constructor(options: MemoryInstanceStoreOptions = {}) {
    this.#clock = options.clock ?? Date.now;
    this.#instanceTtlSeconds = options.instanceTtlSeconds ?? DEFAULT_INSTANCE_TTL_SECONDS;
  }

  async claimOnce(key: string, ttlSeconds: number): Promise<boolean> {
    const now = this.#clock();
    // Every admitted Slack request leaves a claim: a long-running process drops the lapsed ones now
    // and then instead of keeping them all (DynamoDB's TTL does this for the other store).
    if (this.#claims.size >= CLAIM_SWEEP_AT) {
      for (const [held, expiresAt] of this.#claims) if (isExpired(expiresAt, now)) this.#claims.delete(held);
    }
    const held = this.#claims.get(key);
    if (held !== undefined && !isExpired(held, now)) return false;
    this.#claims.set(key, expiresAtSeconds(now, ttlSeconds));
    return true;
  }

  async isClaimed(key: string): Promise<boolean> {
    const held = this.#claims.get(key);
    return held !== undefined && !isExpired(held, this.#clock());
  }

  async track(instance: TrackedInstance): Promise<{ readonly created: boolean; readonly instance: TrackedInstance }> {
    const now = this.#clock();
    const id = mapKey(instance);
    const existing = this.#live(id, now);
    if (existing) return { created: false, instance: structuredClone(existing) };
    const stored = structuredClone(instance);
    this.#instances.set(id, { value: stored, expiresAt: this.#renewedExpiry(now) });
    return { created: true, instance: structuredClone(stored) };
  }

  async get(key: InstanceKey): Promise<TrackedInstance | undefined> {
    const found = this.#live(mapKey(key), this.#clock());
    return found && structuredClone(found);
  }

  async attachCard(key: InstanceKey, cardTs: string): Promise<void> {
    const { id, entry } = this.#require(key);
    this.#instances.set(id, { value: { ...entry.value, cardTs }, expiresAt: entry.expiresAt });
  }

  async recordStopRequest(key: InstanceKey, stopRequestedBy: string): Promise<void> {
    const { id, entry } = this.#require(key);
    this.#instances.set(id, { value: { ...entry.value, stopRequestedBy }, expiresAt: entry.expiresAt });
  }

  async *listActive(): AsyncIterable<ActiveInstance> {
    const now = this.#clock();
    const active = [...this.#instances.values()]
      .filter((entry) => !isExpired(entry.expiresAt, now) && entry.value.notice?.state !== 'done')
      .map((entry) => ({ order: activeSortKey(entry.value), value: structuredClone(entry.value) }))
      .sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0));
    for (const { value } of active) yield activeOf(value);
  }

  async recordProgress(
    key: InstanceKey,
    update: {
      readonly status: TrackedStatus;
      readonly progress?: string;
      readonly percent?: number;
      readonly updatedAt: number;
    },
  ): Promise<void> {
    const { id, entry } = this.#require(key);
    const { status, progress, percent, updatedAt } = update;
    const value = { ...entry.value, status, updatedAt, ...definedOnly({ progress, percent }) };
    this.#instances.set(id, { value, expiresAt: this.#renewedExpiry(this.#clock()) });
  }

  async claimNotice(
    key: InstanceKey,
    claim: { readonly token: string; readonly leaseUntil: number; readonly now: number },
  ): Promise<TrackedInstance | undefined> {
    const now = this.#clock();
    const id = mapKey(key);
    const entry = this.#instances.get(id);
    if (!entry || isExpired(entry.expiresAt, now)) return undefined;
    const held = entry.value.notice;
    const claimable =
      held === undefined || (held.state === 'claimed' && (held.leaseUntil < claim.now || held.token === claim.token));
    if (!claimable) return undefined;
    const notice: NoticeState = { ...held, state: 'claimed', token: claim.token, leaseUntil: claim.leaseUntil };
    const value = { ...entry.value, notice };
    this.#instances.set(id, { value, expiresAt: this.#renewedExpiry(now) });
    return structuredClone(value);
  }

  async recordNoticeStep(key: InstanceKey, token: string, step: NoticeStep): Promise<void> {
    const { postAttemptedAt, postedTs, csvPosted, eventPublished, cardFinal, undeliverable } = step;
    this.#updateHeldNotice('recordNoticeStep', key, token, ['claimed'], (notice) => ({
      ...notice,
      ...definedOnly({ postAttemptedAt, postedTs, csvPosted, eventPublished, cardFinal, undeliverable }),
    }));
  }

  async releaseNotice(key: InstanceKey, token: string): Promise<void> {
    this.#updateHeldNotice('releaseNotice', key, token, ['claimed'], (notice) => ({ ...notice, leaseUntil: 0 }));
  }

  async completeNotice(key: InstanceKey, token: string, last?: NoticeCompletion): Promise<void> {
    const { cardFinal, eventPublished } = last ?? {};
    this.#updateHeldNotice('completeNotice', key, token, ['claimed', 'done'], (notice) => ({
      ...notice,
      ...definedOnly({ cardFinal, eventPublished }),
      state: 'done',
    }));
    if (last === undefined) return;
    const id = mapKey(key);
    const entry = this.#instances.get(id);
    if (entry) {
      this.#instances.set(id, { ...entry, value: { ...entry.value, status: last.status, updatedAt: last.updatedAt } });
    }
  }

  #updateHeldNotice(
    operation: string,
    key: InstanceKey,
    token: string,
    states: readonly NoticeState['state'][],
    change: (notice: NoticeState) => NoticeState,
  ): void {
    const id = mapKey(key);
    const entry = this.#instances.get(id);
    const notice = entry && !isExpired(entry.expiresAt, this.#clock()) ? entry.value.notice : undefined;
    if (!entry || !notice || notice.token !== token || !states.includes(notice.state)) {
      throw new StoreConflictError(
        `${operation}: ${key.project}/${key.instanceId} notice is not held by this token (lease lost or record gone)`,
      );
    }
    this.#instances.set(id, { value: { ...entry.value, notice: change(notice) }, expiresAt: entry.expiresAt });
  }

  #require(key: InstanceKey): { readonly id: string; readonly entry: Expiring<TrackedInstance> } {
    const id = mapKey(key);
    const entry = this.#instances.get(id);
    if (!entry || isExpired(entry.expiresAt, this.#clock())) throw new StoreNotFoundError(key);
    return { id, entry };
  }

  #renewedExpiry(now: number): number {
    return expiresAtSeconds(now, this.#instanceTtlSeconds);
  }

  #live(id: string, now: number): TrackedInstance | undefined {
    const entry = this.#instances.get(id);
    return entry && !isExpired(entry.expiresAt, now) ? entry.value : undefined;
  }
}

/** JSON keeps (project, id) pairs distinct whatever characters they hold. */
function mapKey(key: InstanceKey): string {
  return JSON.stringify([key.project, key.instanceId]);
}

/** Leaves out undefined values, as the DynamoDB store does, so "set when given" reads the same in both. */
function definedOnly<T extends Record<string, unknown>>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<T>;
}
