import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isRetryable, withRetries } from '../../src/shared/retry.ts';
import { backoffDelay, doublingPolicy, type RetryPolicy } from '../../src/shared/retry-policy.ts';
import { ManualClock } from '../support/manual-clock.ts';

/** The one retry loop: pauses, limits, deadline, abort and what is thrown, on a manual clock. */
const transient = (message = 'busy') => Object.assign(new Error(message), { retryable: true });
const permanent = () => Object.assign(new Error('no'), { retryable: false });

/** Fails with the given errors in turn, then answers 'ok'. */
function failing(...errors: Error[]) {
  const calls: number[] = [];
  return {
    calls,
    call: async (attempt: number) => {
      calls.push(attempt);
      const error = errors[attempt - 1];
      if (error) throw error;
      return 'ok';
    },
  };
}

describe('withRetries', () => {
  it('tries a retryable failure again after the policy’s pauses, then answers', async () => {
    const clock = new ManualClock();
    const { call, calls } = failing(transient(), transient());
    assert.equal(await withRetries(call, { policy: doublingPolicy(4, 200), clock }), 'ok');
    assert.deepEqual(calls, [1, 2, 3]);
    assert.deepEqual(clock.sleeps, [200, 400]);
  });

  it('gives up at once on an error that is not retryable, and after the last retry', async () => {
    const clock = new ManualClock();
    const refused = failing(permanent());
    await assert.rejects(withRetries(refused.call, { policy: doublingPolicy(4, 1), clock }), /no/);
    assert.deepEqual(refused.calls, [1]);
    const busy = failing(transient('1'), transient('2'), transient('3'));
    await assert.rejects(withRetries(busy.call, { policy: doublingPolicy(2, 1), clock }), /^Error: 3$/);
    assert.deepEqual(busy.calls, [1, 2, 3]);
  });

  it('never starts an attempt past the deadline since the first', async () => {
    const clock = new ManualClock();
    const policy: RetryPolicy = { ...doublingPolicy(10, 1000), deadlineMs: 2500 };
    const busy = failing(...Array.from({ length: 10 }, () => transient()));
    await assert.rejects(withRetries(busy.call, { policy, clock }));
    assert.deepEqual(clock.sleeps, [1000]);
  });

  it('an aborted pause throws the last error, or what onAbort makes of it', async () => {
    const clock = new ManualClock();
    const controller = new AbortController();
    controller.abort(new Error('deadline'));
    const busy = failing(transient('busy'));
    await assert.rejects(
      withRetries(busy.call, { policy: doublingPolicy(3, 1), clock, signal: controller.signal }),
      /busy/,
    );
    await assert.rejects(
      withRetries(failing(transient()).call, {
        policy: doublingPolicy(3, 1),
        clock,
        signal: controller.signal,
        onAbort: (reason) => new Error(`aborted: ${(reason as Error).message}`),
      }),
      /aborted: deadline/,
    );
  });

  it('takes its own retry rule, pauses and final error when given', async () => {
    const clock = new ManualClock();
    const retried: number[] = [];
    const answer = await withRetries(failing(permanent()).call, {
      policy: doublingPolicy(3, 1),
      clock,
      retryIf: () => true,
      delay: (_error, next) => next * 10,
      onRetry: (_error, next) => retried.push(next),
    });
    assert.equal(answer, 'ok');
    assert.deepEqual(clock.sleeps, [20]);
    assert.deepEqual(retried, [2]);
    await assert.rejects(
      withRetries(failing(permanent()).call, {
        policy: doublingPolicy(1, 1),
        clock,
        onGiveUp: () => new Error('final'),
      }),
      /final/,
    );
  });

  it('reads retryability from the error’s own flag', () => {
    assert.equal(isRetryable(transient()), true);
    assert.equal(isRetryable(permanent()), false);
    assert.equal(isRetryable('text'), false);
    assert.equal(isRetryable(null), false);
  });

  it('spreads jittered pauses over the upper half of the exponential', () => {
    const policy: RetryPolicy = { retries: 5, minDelayMs: 100, maxDelayMs: 1000, factor: 2, deadlineMs: 10_000 };
    assert.equal(
      backoffDelay(policy, 3, () => 0),
      200,
    );
    assert.equal(
      backoffDelay(policy, 3, () => 1),
      400,
    );
    assert.equal(
      backoffDelay(policy, 9, () => 1),
      1000,
    );
    assert.equal(
      backoffDelay({ ...policy, jitter: false }, 3, () => 0),
      400,
    );
  });
});
