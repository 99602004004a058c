import type { InstanceKey, InstanceStore } from '../tracker/ports.ts';
import type { TrackedInstance } from '../tracker/tracked-instance.ts';
import { DEFAULT_INSTANCE_TTL_SECONDS, expiresAtSeconds, isExpired } from './expiry.ts';
import { StoreNotFoundError } from './store-errors.ts';

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

/**
 * An {@link InstanceStore} in this process's memory, for tests and local single-process runs.
 * It must not be used with more than one process: a second process (another Lambda container, a
 * second local server) sees none of these claims, so redelivered commands would run twice there.
 * Within one process every method's read-and-write happens in one synchronous step, so concurrent
 * calls are as atomic as DynamoDB's conditional writes. Expiry follows the same second-based rules.
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
    const held = this.#claims.get(key);
    if (held !== undefined && !isExpired(held, now)) return false;
    this.#claims.set(key, expiresAtSeconds(now, ttlSeconds));
    return true;
  }

  async track(instance: TrackedInstance): Promise<{ readonly created: boolean; readonly instance: TrackedInstance }> {
    const now = this.#clock();
    const id = mapKey(instance);
    const existing = this.#live(id, now);
    if (existing) return { created: false, instance: structuredClone(existing) };
    const stored = structuredClone(instance);
    this.#instances.set(id, { value: stored, expiresAt: expiresAtSeconds(now, this.#instanceTtlSeconds) });
    return { created: true, instance: structuredClone(stored) };
  }

  async get(key: InstanceKey): Promise<TrackedInstance | undefined> {
    const found = this.#live(mapKey(key), this.#clock());
    return found && structuredClone(found);
  }

  async attachCard(key: InstanceKey, cardTs: string): Promise<void> {
    const id = mapKey(key);
    const entry = this.#instances.get(id);
    if (!entry || isExpired(entry.expiresAt, this.#clock())) throw new StoreNotFoundError(key);
    this.#instances.set(id, { value: { ...entry.value, cardTs }, expiresAt: entry.expiresAt });
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
