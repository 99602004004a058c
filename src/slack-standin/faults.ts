import type { StandinFailure, StandinFaultRule } from './types.ts';

interface Pending {
  failure: StandinFailure;
  remaining: number;
}

interface ActiveRule {
  readonly id: number;
  readonly rule: StandinFaultRule;
}

/**
 * Injected failures. `failNext()` queues failures per method (each call of that method consumes
 * one, oldest first); fault rules fail matching calls at a rate, for as long as they are in place
 * (a 429 storm, a flaky 5xx, a channel the bot is not in). Queued failures come first.
 */
export class FaultQueue {
  readonly #pending = new Map<string, Pending[]>();
  readonly #rules: ActiveRule[] = [];
  readonly #random: () => number;
  #nextRuleId = 0;

  constructor(random: () => number = Math.random) {
    this.#random = random;
  }

  add(method: string, failure: StandinFailure, times: number): void {
    if (!Number.isInteger(times) || times < 1) throw new RangeError(`times must be a positive integer, got ${times}`);
    checkFailure(failure);
    const queue = this.#pending.get(method) ?? [];
    queue.push({ failure, remaining: times });
    this.#pending.set(method, queue);
  }

  /** Puts a rule in place until the returned function removes it. */
  addRule(rule: StandinFaultRule): () => void {
    if (!(rule.rate >= 0 && rule.rate <= 1)) throw new RangeError(`rate must be within 0..1, got ${rule.rate}`);
    checkFailure(rule.failure);
    const active = { id: this.#nextRuleId++, rule: { ...rule } };
    this.#rules.push(active);
    return () => {
      const index = this.#rules.findIndex((each) => each.id === active.id);
      if (index >= 0) this.#rules.splice(index, 1);
    };
  }

  clearRules(): void {
    this.#rules.length = 0;
  }

  /** The failure for this call, if any; `channel` is the call's channel argument, when it has one. */
  take(method: string, channel?: string): StandinFailure | undefined {
    const queue = this.#pending.get(method);
    const head = queue?.[0];
    if (queue !== undefined && head !== undefined) {
      head.remaining -= 1;
      if (head.remaining === 0) queue.shift();
      return head.failure;
    }
    for (const { rule } of this.#rules) {
      if (rule.methods !== undefined && !rule.methods.includes(method)) continue;
      if (rule.channels !== undefined && (channel === undefined || !rule.channels.includes(channel))) continue;
      // The random source is drawn only for a rate strictly between 0 and 1, so a fixed rule stays deterministic.
      if (rule.rate >= 1 || (rule.rate > 0 && this.#random() < rule.rate)) return rule.failure;
    }
    return undefined;
  }
}

function checkFailure(failure: StandinFailure): void {
  if (failure.kind === 'ratelimited' && !(failure.retryAfterSeconds >= 0)) {
    throw new RangeError('retryAfterSeconds must be >= 0: a 429 without Retry-After makes the WebClient throw');
  }
}
