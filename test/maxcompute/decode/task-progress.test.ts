import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeTaskProgress } from '../../../src/maxcompute/decode/task-progress.ts';
import { MaxComputeDecodeError } from '../../../src/maxcompute/errors.ts';
import { instanceResponses, spec, stepResult } from './fixtures.ts';

describe('decodeTaskProgress', () => {
  it('decodes the spec example', () => {
    assert.deepEqual(decodeTaskProgress(spec.progress).stages, [
      {
        id: 'M1_Stg1_job0',
        status: 'Terminated',
        backupWorkers: 0,
        terminatedWorkers: 1,
        runningWorkers: 0,
        totalWorkers: 1,
        inputRecords: 500,
        outputRecords: 1000,
        finishedPercentage: 100,
      },
      {
        id: 'R2_1_Stg1_job0',
        status: 'Running',
        backupWorkers: 1,
        terminatedWorkers: 0,
        runningWorkers: 2,
        totalWorkers: 4,
        inputRecords: 0,
        outputRecords: 0,
        finishedPercentage: 25,
      },
    ]);
  });

  it('agrees with PyODPS on the captured ?instanceprogress', () => {
    const captured = instanceResponses('instanceprogress');
    assert.ok(captured.length >= 1);
    for (const e of captured) {
      const stages = decodeTaskProgress(e.body).stages.map((s) => ({
        name: s.id,
        running: s.runningWorkers,
        terminated: s.terminatedWorkers,
        total: s.totalWorkers,
        backup: s.backupWorkers,
        pct: s.finishedPercentage,
      }));
      assert.deepEqual(stages, stepResult('get_task_progress'));
    }
  });

  it('reads a missing or empty integer child as 0', () => {
    const [stage] = decodeTaskProgress(
      '<Progress><Stage ID="M1"><Status>RUNNING</Status><TotalWorkers>3</TotalWorkers><InputRecords/></Stage></Progress>',
    ).stages;
    assert.equal(stage?.backupWorkers, 0);
    assert.equal(stage?.inputRecords, 0);
    assert.equal(stage?.totalWorkers, 3);
  });

  it('reads an empty <Progress> as no stages', () => {
    assert.deepEqual(decodeTaskProgress('<Progress/>'), { stages: [] });
    assert.deepEqual(decodeTaskProgress('<?xml version="1.0"?>\n<Progress>\n</Progress>\n'), { stages: [] });
  });

  it('refuses non-numeric integers', () => {
    for (const bad of ['many', '1.5', '0x10', '99999999999999999999']) {
      assert.throws(
        () => decodeTaskProgress(`<Progress><Stage ID="M1"><TotalWorkers>${bad}</TotalWorkers></Stage></Progress>`),
        (e: unknown) => e instanceof MaxComputeDecodeError && /<TotalWorkers> is not an integer/.test(e.message),
        bad,
      );
    }
  });
});
