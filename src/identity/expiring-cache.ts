/**
 * A small cache of loads that last `ttlMs` from when they succeed, at most `maxEntries` of them: a
 * burst of commands shares one read, and a read that failed is not kept (the next caller tries again).
 * Concurrent callers of a key share the load in flight. When full, the entry made longest ago goes
 * first (insertion order; a refreshed entry counts as new).
 */
export interface ExpiringCacheOptions {
  readonly ttlMs: number;
  readonly maxEntries: number;
  /** Epoch ms. */
  readonly now: () => number;
}

interface Entry<V> {
  readonly value: Promise<V>;
  /** Infinity while the load is in flight. */
  expiresAt: number;
}

export class ExpiringCache<K, V> {
  readonly #options: ExpiringCacheOptions;
  readonly #entries = new Map<K, Entry<V>>();

  constructor(options: ExpiringCacheOptions) {
    if (!(options.ttlMs >= 0) || !Number.isInteger(options.maxEntries) || options.maxEntries < 1) {
      throw new RangeError(
        `a cache needs ttlMs >= 0 and maxEntries >= 1, got ${options.ttlMs} and ${options.maxEntries}`,
      );
    }
    this.#options = options;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: K, load: () => Promise<V>): Promise<V> {
    const kept = this.#entries.get(key);
    if (kept && kept.expiresAt > this.#options.now()) return kept.value;
    this.#entries.delete(key);
    while (this.#entries.size >= this.#options.maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done) break;
      this.#entries.delete(oldest.value);
    }
    const value = load();
    const entry: Entry<V> = { value, expiresAt: Number.POSITIVE_INFINITY };
    this.#entries.set(key, entry);
    value.then(
      () => {
        entry.expiresAt = this.#options.now() + this.#options.ttlMs;
      },
      () => {
        if (this.#entries.get(key) === entry) this.#entries.delete(key);
      },
    );
    return value;
  }

  clear(): void {
    this.#entries.clear();
  }
}
