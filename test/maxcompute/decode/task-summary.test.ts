import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeTaskSummary } from '../../../src/maxcompute/decode/task-summary.ts';
import { MaxComputeDecodeError } from '../../../src/maxcompute/errors.ts';
import { instanceResponses, spec, stepResult } from './fixtures.ts';

describe('decodeTaskSummary', () => {
  it('decodes the spec shape', () => {
    assert.deepEqual(decodeTaskSummary(spec.summary), { json: { Cost: { CPU: 1 } }, text: 'plain text' });
  });

  it('agrees with PyODPS on the captured ?instancesummary', () => {
    const [e] = instanceResponses('instancesummary');
    assert.ok(e);
    assert.deepEqual(decodeTaskSummary(e.body), { json: stepResult('get_task_summary'), text: 'summary text' });
  });

  it('reads an unparseable or missing JsonSummary as {}', () => {
    assert.deepEqual(decodeTaskSummary('{"Instance":{"JsonSummary":"{oops","Summary":"s"}}'), { json: {}, text: 's' });
    assert.deepEqual(decodeTaskSummary('{"Instance":{"JsonSummary":"[1]"}}'), { json: {}, text: '' });
    assert.deepEqual(decodeTaskSummary('{"Instance":{}}'), { json: {}, text: '' });
    assert.deepEqual(decodeTaskSummary('{}'), { json: {}, text: '' });
  });

  it('refuses a body that is not a JSON object', () => {
    for (const body of ['', 'not json', '[]', '"x"', 'null', '{"Instance":']) {
      assert.throws(() => decodeTaskSummary(body), MaxComputeDecodeError, body);
    }
  });
});
