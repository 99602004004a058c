import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  MaxComputeDecodeError,
  MaxComputeRequestError,
  MaxComputeServiceError,
  MaxComputeSubmitOutcomeUnknownError,
} from '../../src/maxcompute/errors.ts';
import { noRetryPolicy } from '../../src/shared/retry-policy.ts';
import { quickly, useEmulator } from '../support/emulator.ts';
import { seededRandom } from '../support/seeded-random.ts';

/**
 * Injected faults on a real emulator: what is retried, what is reported, and that nothing is duplicated.
 * Instances finish at once and fault draws come from a seeded source, so every run sees the same
 * sequence of faults (a 50 % rate would otherwise fail one run in 32 by chance).
 */
const { client, emulator } = await useEmulator({ random: seededRandom(20261123), defaultDurationMs: 0 });
const odps = client();

async function countJob(jobName: string): Promise<number> {
  let count = 0;
  for await (const _ of odps.listInstances({ jobName })) count++;
  return count;
}

function withFaults<T>(patch: Parameters<typeof emulator.faults.set>[0], work: () => Promise<T>): Promise<T> {
  emulator.faults.set(patch);
  return work().finally(() => emulator.faults.reset());
}

describe('retries under injected faults', () => {
  it('completes run, wait and results through 30 % 5xx replies', async () => {
    const instance = await odps.runSql('select 7 as n', { jobName: 'flaky_5xx' });
    emulator.resetStats();
    const table = await withFaults({ errorRate: 0.3 }, async () => {
      await instance.waitForSuccess(quickly);
      return instance.getResultTable();
    });
    assert.deepEqual(table.rows, [['7']]);
    assert.ok(emulator.stats().requests > 3, 'some replies were 5xx and retried');
  });

  it('retries malformed bodies and dropped connections on reads', async () => {
    const instance = await odps.executeSql('select 8 as n', quickly);
    for (const fault of [{ malformedRate: 0.3 }, { dropRate: 0.3 }]) {
      emulator.resetStats();
      const reads = await withFaults(fault, () =>
        Promise.all(Array.from({ length: 10 }, () => instance.getTaskNames())),
      );
      assert.deepEqual(new Set(reads.flat()), new Set(['AnonymousSQLTask']));
      assert.ok(emulator.stats().requests > 10, `${JSON.stringify(fault)} fired and was retried`);
    }
  });

  it('gives up after the policy and reports the last error, typed and retryable', async () => {
    const instance = await odps.executeSql('select 9', quickly);
    emulator.resetStats();
    await withFaults({ errorRate: 1 }, () =>
      assert.rejects(instance.status(), (error: unknown) => {
        assert.ok(error instanceof MaxComputeServiceError);
        assert.ok(error.httpStatus >= 500);
        assert.equal(error.retryable, true);
        return true;
      }),
    );
    assert.equal(emulator.stats().requests, 5, 'one attempt and four retries');
    await withFaults({ malformedRate: 1 }, () => assert.rejects(instance.status(), MaxComputeDecodeError));
  });

  it('times out a stalled reply and retries it', async () => {
    const instance = await odps.executeSql('select 10', quickly);
    const impatient = client({ requestTimeoutMs: 100 });
    emulator.resetStats();
    await withFaults({ stallRate: 1, stallMs: 400 }, () =>
      assert.rejects(
        client({ requestTimeoutMs: 100, retryPolicy: noRetryPolicy }).getInstance(instance.id).status(),
        (error: unknown) => {
          assert.ok(error instanceof MaxComputeRequestError);
          assert.match(error.message, /timed out/);
          return true;
        },
      ),
    );
    assert.equal(await impatient.getInstance(instance.id).status(), 'Terminated');
  });

  it('never duplicates a submission whose answer was lost: it reports the outcome as unknown', async () => {
    await withFaults({ dropAfterProcessRate: 1 }, () =>
      assert.rejects(odps.runSql('select 1', { jobName: 'lost_answer' }), (error: unknown) => {
        assert.ok(error instanceof MaxComputeSubmitOutcomeUnknownError);
        assert.ok(error.guid);
        return true;
      }),
    );
    assert.equal(await countJob('lost_answer'), 1, 'the instance was created once and not again');
  });

  it('does not retry a create refused with a server error, and creates nothing', async () => {
    emulator.resetStats();
    await withFaults({ errorRate: 1 }, () =>
      assert.rejects(odps.runSql('select 1', { jobName: 'refused' }), MaxComputeServiceError),
    );
    assert.equal(emulator.stats().requests, 1);
    assert.equal(await countJob('refused'), 0);
  });

  it('retries a create whose connection was never established', async () => {
    // A closed port: nothing can have been created, so the retry is safe; it fails again the same way.
    const nowhere = client({ endpoint: 'http://127.0.0.1:1/api' });
    await assert.rejects(nowhere.runSql('select 1'), (error: unknown) => {
      assert.ok(error instanceof MaxComputeRequestError);
      assert.equal(error.connected, false);
      return true;
    });
  });

  it('adds latency without changing answers', async () => {
    const instance = await withFaults({ latencyMs: 50 }, () => odps.executeSql('select 11 as n', quickly));
    assert.equal(await instance.getTaskResult(), '"n"\n11\n');
  });
});
