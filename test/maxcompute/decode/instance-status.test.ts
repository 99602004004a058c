import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeInstanceStatus } from '../../../src/maxcompute/decode/instance-status.ts';
import { MaxComputeDecodeError } from '../../../src/maxcompute/errors.ts';
import { instanceResponses, spec } from './fixtures.ts';

describe('decodeInstanceStatus', () => {
  it('decodes the spec example', () => {
    assert.deepEqual(decodeInstanceStatus(spec.instanceStatus), { status: 'Running' });
  });

  it('decodes every captured plain and ?instancestatus GET, headers included', () => {
    const captured = [...instanceResponses(undefined), ...instanceResponses('instancestatus')];
    assert.ok(captured.length >= 10);
    for (const e of captured) {
      const info = decodeInstanceStatus(e.body, e.headers);
      assert.match(info.status, /^(Running|Terminated)$/);
      assert.equal(info.owner, 'ALIYUN$fake_user@example.com');
      assert.equal(info.startTime?.toUTCString(), e.headers['x-odps-start-time']);
      assert.equal(info.endTime?.toUTCString(), e.headers['x-odps-end-time']);
      if (info.status === 'Running') assert.equal(info.endTime, undefined);
    }
  });

  it('reads the x-odps headers case-insensitively, arrays too; empty end time is undefined', () => {
    const info = decodeInstanceStatus(spec.instanceStatus, {
      'X-ODPS-Owner': ['ALIYUN$someone@example.com'],
      'x-odps-start-time': 'Fri, 15 Mar 2024 08:30:00 GMT',
      'x-odps-end-time': '',
    });
    assert.deepEqual(info, {
      status: 'Running',
      owner: 'ALIYUN$someone@example.com',
      startTime: new Date('2024-03-15T08:30:00Z'),
    });
  });

  it('ignores an unparseable start time', () => {
    const info = decodeInstanceStatus(spec.instanceStatus, { 'x-odps-start-time': 'soon' });
    assert.equal(info.startTime, undefined);
  });

  it('accepts any case and returns the canonical status', () => {
    assert.equal(decodeInstanceStatus('<Instance><Status>TERMINATED</Status></Instance>').status, 'Terminated');
    assert.equal(decodeInstanceStatus('<Instance><Status> suspended </Status></Instance>').status, 'Suspended');
  });

  it('refuses an unknown or missing status', () => {
    assert.throws(
      () => decodeInstanceStatus('<Instance><Status>Exploded</Status></Instance>'),
      (e: unknown) =>
        e instanceof MaxComputeDecodeError && /unknown instance status 'Exploded'/.test(e.message) && !e.retryable,
    );
    assert.throws(() => decodeInstanceStatus('<Instance/>'), /missing <Status>/);
    assert.throws(
      () => decodeInstanceStatus('<Instance><Status>Running</Status>'),
      (e: unknown) => e instanceof MaxComputeDecodeError && e.retryable,
    );
  });
});
