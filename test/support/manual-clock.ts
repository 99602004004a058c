import type { Clock } from '../../src/shared/clock.ts';

/**
 * A clock that only moves when slept on: every sleep advances time at once, so waits and backoff
 * run instantly and deterministically. `sleeps` records each requested pause.
 */
export class ManualClock implements Clock {
  #now: number;
  readonly sleeps: number[] = [];

  constructor(start = Date.UTC(2024, 2, 15, 8, 30, 0)) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  advance(ms: number): void {
    this.#now += ms;
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw signal.reason;
    this.sleeps.push(ms);
    this.#now += ms;
  }
}
