import type { StandinFailure } from './types.ts';

interface Pending {
  failure: StandinFailure;
  remaining: number;
}

/** Failures queued per method with failNext(); each call of that method consumes one, oldest first. */
export class FaultQueue {
  readonly #pending = new Map<string, Pending[]>();

  add(method: string, failure: StandinFailure, times: number): void {
    if (!Number.isInteger(times) || times < 1) throw new RangeError(`times must be a positive integer, got ${times}`);
    if (failure.kind === 'ratelimited' && !(failure.retryAfterSeconds >= 0)) {
      throw new RangeError('retryAfterSeconds must be >= 0: a 429 without Retry-After makes the WebClient throw');
    }
    const queue = this.#pending.get(method) ?? [];
    queue.push({ failure, remaining: times });
    this.#pending.set(method, queue);
  }

  take(method: string): StandinFailure | undefined {
    const queue = this.#pending.get(method);
    const head = queue?.[0];
    if (queue === undefined || head === undefined) return undefined;
    head.remaining -= 1;
    if (head.remaining === 0) queue.shift();
    return head.failure;
  }
}
