import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MaxComputeAbortedError, MaxComputeWaitTimeoutError } from '../../src/maxcompute/errors.ts';
import type { InstanceStatusInfo } from '../../src/maxcompute/types.ts';
import { pollUntilTerminated } from '../../src/maxcompute/wait.ts';
import { ManualClock } from '../support/manual-clock.ts';

/** A status source that reports Running until the clock passes `endsAt`. */
function statusUntil(clock: ManualClock, endsAt: number) {
  let reads = 0;
  const read = async (): Promise<InstanceStatusInfo> => {
    reads++;
    return { status: clock.now() >= endsAt ? 'Terminated' : 'Running' };
  };
  return { read, reads: () => reads };
}

describe('waiting for an instance', () => {
  it('backs off between polls up to the cap instead of hammering', async () => {
    const clock = new ManualClock();
    const source = statusUntil(clock, clock.now() + 60_000);
    const info = await pollUntilTerminated('i1', source.read, clock, { intervalMs: 1000, maxIntervalMs: 8000 });
    assert.equal(info.status, 'Terminated');
    assert.deepEqual(clock.sleeps.slice(0, 6), [1000, 1500, 2250, 3375, 5062.5, 7593.75]);
    assert.ok(clock.sleeps.slice(6).every((pause) => pause === 8000));
    // A fixed 1 s poll would have made 61 reads for a one-minute query.
    assert.ok(source.reads() <= 14, `reads: ${source.reads()}`);
  });

  it('keeps PyODPS fixed interval with backoffFactor 1', async () => {
    const clock = new ManualClock();
    const source = statusUntil(clock, clock.now() + 3000);
    await pollUntilTerminated('i1', source.read, clock, { intervalMs: 1000, backoffFactor: 1 });
    assert.deepEqual(clock.sleeps, [1000, 1000, 1000]);
  });

  it('times out without overshooting, and the error names the instance', async () => {
    const clock = new ManualClock();
    const start = clock.now();
    const source = statusUntil(clock, Number.POSITIVE_INFINITY);
    await assert.rejects(
      pollUntilTerminated('i-timeout', source.read, clock, { intervalMs: 1000, timeoutMs: 2500 }),
      (error: unknown) => error instanceof MaxComputeWaitTimeoutError && error.instanceId === 'i-timeout',
    );
    assert.equal(clock.now() - start, 2500);
  });

  it('stops at once when the signal aborts', async () => {
    const clock = new ManualClock();
    const controller = new AbortController();
    const source = statusUntil(clock, Number.POSITIVE_INFINITY);
    let polls = 0;
    await assert.rejects(
      pollUntilTerminated('i1', source.read, clock, {
        signal: controller.signal,
        onStatus: () => {
          if (++polls === 3) controller.abort(new Error('user cancelled'));
        },
      }),
      MaxComputeAbortedError,
    );
    assert.equal(source.reads(), 3);
  });
});
