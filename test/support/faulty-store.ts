import { StoreUnavailableError } from '../../src/store/store-errors.ts';
import type { InstanceStore } from '../../src/tracker/ports.ts';

/**
 * A unit-level fault injector around a REAL store: every `every`-th call (counted per method) of the
 * selected methods, or a `rate` of them at random, fails with a retryable StoreUnavailableError, and
 * `refuse` methods always fail.
 * `when: 'before'` fails the call without reaching the store (a refused request); `'after'` lets
 * the store apply it, then reports the failure (a reply lost after the write committed).
 *
 * A Proxy forwards every other method untouched, so the wrapper follows the InstanceStore port
 * whatever methods it gains.
 */
export interface StoreFaultPlan {
  readonly methods: readonly string[];
  /** Every n-th call of each selected method fails (ignored when `rate` is given). */
  readonly every: number;
  /** 0..1: each call of a selected method fails with this probability instead (drawn from `random`). */
  readonly rate?: number;
  readonly random?: () => number;
  readonly when?: 'before' | 'after';
  readonly refuse?: readonly string[];
}

export interface FaultyStore {
  readonly store: InstanceStore;
  /** Failures injected so far, per method. */
  readonly injected: Map<string, number>;
  /** false: every call goes straight through (the fault is cleared). */
  enabled: boolean;
}

export function faultyStore(inner: InstanceStore, plan: StoreFaultPlan): FaultyStore {
  const calls = new Map<string, number>();
  const injected = new Map<string, number>();
  const bump = (map: Map<string, number>, key: string) => {
    const next = (map.get(key) ?? 0) + 1;
    map.set(key, next);
    return next;
  };
  const shouldFail = (method: string): boolean => {
    if (!control.enabled) return false;
    if (plan.refuse?.includes(method)) return true;
    if (!plan.methods.includes(method)) return false;
    if (plan.rate !== undefined) return (plan.random ?? Math.random)() < plan.rate;
    return bump(calls, method) % plan.every === 0;
  };
  const failure = (method: string) => {
    bump(injected, method);
    return new StoreUnavailableError(method, 'injected fault', { retryable: true });
  };

  const proxy = new Proxy(inner, {
    get(target, property) {
      // Read and call on the real store itself, so its private fields and getters keep working.
      const value: unknown = Reflect.get(target, property);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      const method = property;
      const call = (...args: unknown[]): unknown => Reflect.apply(value, target, args);
      if (method === 'listActive') {
        return (...args: unknown[]): AsyncIterable<unknown> => {
          const fail = shouldFail(method);
          return (async function* () {
            if (fail) throw failure(method);
            yield* call(...args) as AsyncIterable<unknown>;
          })();
        };
      }
      return async (...args: unknown[]): Promise<unknown> => {
        if (!shouldFail(method)) return call(...args);
        if (plan.when === 'after' && !plan.refuse?.includes(method)) await call(...args);
        throw failure(method);
      };
    },
  });
  const control: FaultyStore = { store: proxy, injected, enabled: true };
  return control;
}
