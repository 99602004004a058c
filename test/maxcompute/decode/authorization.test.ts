import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeAuthorizationToken } from '../../../src/maxcompute/decode/authorization.ts';
import { MaxComputeDecodeError } from '../../../src/maxcompute/errors.ts';
import { exchanges, spec } from './fixtures.ts';

describe('decodeAuthorizationToken', () => {
  it('decodes the spec example', () => {
    assert.equal(decodeAuthorizationToken(spec.authorization), 'BASE64-LIKE-OPAQUE-TOKEN');
  });

  it('gives the token PyODPS put in the captured Logview links', () => {
    const captured = exchanges.filter((e) => e.target.includes('?sign_bearer_token'));
    assert.ok(captured.length >= 2);
    for (const e of captured) {
      const token = decodeAuthorizationToken(e.body);
      assert.ok(String(e.pyodpsResult.value).endsWith(`&token=${token}`));
    }
  });

  it('refuses an empty or missing token', () => {
    for (const body of [
      '<Authorization><Result></Result></Authorization>',
      '<Authorization/>',
      '<Authorization><Result>  </Result></Authorization>',
    ]) {
      assert.throws(() => decodeAuthorizationToken(body), MaxComputeDecodeError, body);
    }
  });
});
