import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { MaxComputeInvalidInputError } from '../../src/maxcompute/errors.ts';
import {
  isValidInstanceId,
  parseInstanceReference,
  validateInstanceId,
  validateProject,
} from '../../src/maxcompute/identifiers.ts';

describe('instance ids and Logview links', () => {
  it('accepts the documented id shapes, trimmed and case kept', () => {
    for (const id of [
      '20160519101349613gzbzufck2',
      '20151110030720543ggist738',
      '2016042605520945g9k5pvyi2',
      '20240315083000123gk4m2p9x1_mcqa',
    ]) {
      assert.equal(validateInstanceId(`  ${id}\n`), id);
    }
    assert.equal(validateInstanceId('20160519101349613GZBZ'), '20160519101349613GZBZ');
  });

  it('refuses anything that could change a request path', () => {
    for (const bad of [
      '../../../etc/passwd',
      '2016%2F..%2Fx',
      '20160519101349613gzbzufck2/../x',
      '20160519101349613gzbzufck2?taskstatus',
      '20160519101349613gzbzufck2#x',
      '2016 0519',
      '２０１６０５１９１０１３４９６１３',
      'a'.repeat(65),
      'short',
      '',
    ]) {
      assert.throws(() => validateInstanceId(bad), MaxComputeInvalidInputError, bad);
    }
  });

  it('never lets a path character through, for any input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (input) => {
        if (!isValidInstanceId(input)) return;
        const id = validateInstanceId(input);
        assert.match(id, /^[A-Za-z0-9_]+$/);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads project and id from a legacy Logview link, Slack-wrapped and &amp;-escaped', () => {
    const link =
      'http://logview.aliyun.com/logview/?h=http://service.odps.aliyun.com/api&p=my_proj&i=20160519101349613gzbzufck2&token=abc';
    const expected = { instanceId: '20160519101349613gzbzufck2', project: 'my_proj' };
    assert.deepEqual(parseInstanceReference(link), expected);
    assert.deepEqual(parseInstanceReference(`<${link.replaceAll('&', '&amp;')}|Logview>`), expected);
  });

  it('reads a Job Insights link and a bare id', () => {
    assert.deepEqual(
      parseInstanceReference(
        'https://maxcompute.console.aliyun.com/cn-hangzhou/job-insights?h=https://x/api&p=test_proj&i=20261123043630619g9dgx325z',
      ),
      { instanceId: '20261123043630619g9dgx325z', project: 'test_proj' },
    );
    assert.deepEqual(parseInstanceReference('20261123043630619g9dgx325z'), {
      instanceId: '20261123043630619g9dgx325z',
    });
  });

  it('refuses links whose id or project would inject into the path', () => {
    for (const bad of [
      'https://logview/x?p=my_proj&i=..%2F..%2Fadmin',
      'https://logview/x?p=../p&i=20160519101349613gzbzufck2',
      'https://logview/x?p=my_proj',
      'https://logview/x?i=20160519101349613gzbzufck2',
      'https://[bad',
    ]) {
      assert.throws(() => parseInstanceReference(bad), MaxComputeInvalidInputError, bad);
    }
  });

  it('validates project names', () => {
    assert.equal(validateProject('odps_demo'), 'odps_demo');
    assert.throws(() => validateProject('a/b'), MaxComputeInvalidInputError);
    assert.throws(() => validateProject(''), MaxComputeInvalidInputError);
  });
});
