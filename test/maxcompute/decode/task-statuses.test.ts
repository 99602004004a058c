import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeTaskStatuses } from '../../../src/maxcompute/decode/task-statuses.ts';
import { MaxComputeDecodeError } from '../../../src/maxcompute/errors.ts';
import { instanceResponses, spec } from './fixtures.ts';

const withTasks = (tasks: string) => `<Instance><Status>Running</Status><Tasks>${tasks}</Tasks></Instance>`;

describe('decodeTaskStatuses', () => {
  it('decodes the spec example', () => {
    assert.deepEqual(decodeTaskStatuses(spec.taskStatus), {
      status: 'Terminated',
      tasks: [
        {
          name: 'AnonymousSQLTask',
          type: 'SQL',
          status: 'SUCCESS',
          startTime: new Date('2024-03-15T08:30:01Z'),
          endTime: new Date('2024-03-15T08:30:09Z'),
        },
      ],
    });
  });

  it('agrees with PyODPS on every captured ?taskstatus', () => {
    const captured = instanceResponses('taskstatus');
    assert.ok(captured.length >= 5);
    const seen = new Set<string>();
    for (const e of captured) {
      const info = decodeTaskStatuses(e.body);
      assert.equal(info.status, 'Terminated');
      assert.deepEqual(
        info.tasks.map((t) => t.name),
        ['AnonymousSQLTask'],
      );
      seen.add(info.tasks[0]?.status ?? '');
      const pyodps = e.pyodpsResult.value;
      if (e.step === 'get_task_statuses' || e.step === 'task_statuses_after_stop') {
        assert.deepEqual(Object.fromEntries(info.tasks.map((t) => [t.name, t.status])), pyodps);
      }
    }
    assert.deepEqual([...seen].sort(), ['CANCELLED', 'FAILED', 'SUCCESS']);
  });

  it('upper-cases statuses, maps FAIL to FAILED and keeps document order', () => {
    const info = decodeTaskStatuses(
      withTasks(
        '<Task Type="SQL"><Name>b</Name><Status>waiting</Status></Task>' +
          '<Task Type="SQLCost"><Name>a</Name><Status>Fail</Status></Task>' +
          '<Task><Name>c</Name><Status>Suspended</Status></Task>',
      ),
    );
    assert.deepEqual(
      info.tasks.map((t) => [t.name, t.type, t.status]),
      [
        ['b', 'SQL', 'WAITING'],
        ['a', 'SQLCost', 'FAILED'],
        ['c', '', 'SUSPENDED'],
      ],
    );
  });

  it('reads missing or empty <Tasks> as no tasks', () => {
    assert.deepEqual(decodeTaskStatuses('<Instance><Status>Running</Status></Instance>').tasks, []);
    assert.deepEqual(decodeTaskStatuses(withTasks('')).tasks, []);
    assert.deepEqual(decodeTaskStatuses('<Instance><Status>Running</Status><Tasks/></Instance>').tasks, []);
  });

  it('refuses an unknown task status with a clear, non-retryable error', () => {
    assert.throws(
      () => decodeTaskStatuses(withTasks('<Task><Name>a</Name><Status>Skipped</Status></Task>')),
      (e: unknown) =>
        e instanceof MaxComputeDecodeError &&
        e.message.includes("unknown task status 'Skipped'") &&
        e.message.includes('SUCCESS') &&
        !e.retryable,
    );
  });

  it('refuses a task without name or status', () => {
    assert.throws(() => decodeTaskStatuses(withTasks('<Task><Status>Running</Status></Task>')), /missing <Name>/);
    assert.throws(() => decodeTaskStatuses(withTasks('<Task><Name>a</Name></Task>')), /missing <Status>/);
  });
});
