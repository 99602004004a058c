import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeTaskProgress } from '../../../src/maxcompute/decode/task-progress.ts';
import { formatLocalTimestamp, formatStageProgress } from '../../../src/maxcompute/progress-format.ts';
import { instanceResponses, spec, stepResult } from './fixtures.ts';

describe('formatStageProgress', () => {
  it('matches the captured PyODPS string (capture machine on UTC)', () => {
    const [e] = instanceResponses('instanceprogress').filter((x) => x.step === 'get_stage_progress_formatted_string');
    assert.ok(e);
    const at = new Date(e.headers.date ?? '');
    const expected = stepResult('get_stage_progress_formatted_string');
    assert.equal(expected, '2026-11-23 04:37:38 M1_job_0:0/1/1[100%]\tR2_1_job_0:2/0/4(+1 backups)[25%]\t');
    assert.equal(formatStageProgress(decodeTaskProgress(e.body), at, 'UTC'), expected);
  });

  it('matches the doc example, printed in Asia/Shanghai', () => {
    const [first] = decodeTaskProgress(spec.progress).stages;
    assert.ok(first);
    const at = new Date(Date.UTC(2016, 4, 19, 10, 14, 3));
    assert.equal(
      formatStageProgress({ stages: [first] }, at, 'Asia/Shanghai'),
      '2016-05-19 18:14:03 M1_Stg1_job0:0/1/1[100%]\t',
    );
  });

  it('is the timestamp and a space when there are no stages', () => {
    assert.equal(
      formatStageProgress({ stages: [] }, new Date(Date.UTC(2024, 0, 2, 0, 0, 9)), 'UTC'),
      '2024-01-02 00:00:09 ',
    );
  });

  it('writes midnight as 00, not 24', () => {
    assert.equal(
      formatLocalTimestamp(new Date(Date.UTC(2024, 2, 15, 16, 0, 0)), 'Asia/Shanghai'),
      '2024-03-16 00:00:00',
    );
  });

  it('defaults to the process time zone', () => {
    const at = new Date(Date.UTC(2024, 2, 15, 8, 30, 0));
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    assert.equal(formatLocalTimestamp(at), formatLocalTimestamp(at, zone));
  });
});
