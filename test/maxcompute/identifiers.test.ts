import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { MaxComputeInvalidInputError } from '../../src/maxcompute/errors.ts';
import { isValidInstanceId, validateInstanceId, validateProject } from '../../src/maxcompute/identifiers.ts';

describe('instance ids and project names', () => {
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

  it('validates project names', () => {
    assert.equal(validateProject('odps_demo'), 'odps_demo');
    assert.throws(() => validateProject('a/b'), MaxComputeInvalidInputError);
    assert.throws(() => validateProject(''), MaxComputeInvalidInputError);
  });
});
