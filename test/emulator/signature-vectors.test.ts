import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { canonicalStrings } from '../../src/emulator/auth/canonical.ts';
import { verifyRequest } from '../../src/emulator/auth/verify.ts';
import { ApiError } from '../../src/emulator/http/api-error.ts';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.ts';
import { headerValue, type SigningVector, vectors } from '../support/fixtures.ts';
import { rawRequest } from './support/signed-client.ts';

/**
 * The emulator's own verifier against the 15 PyODPS-produced vectors.
 * See docs/maxcompute-protocol.md, "Test vectors and PyODPS captures".
 */

function canonicalInput(vector: SigningVector, authorization = vector.authorization) {
  const prefix = new URL(vector.endpoint).pathname.replace(/\/$/, '');
  const [path = '', query = ''] = vector.wire_request_target.split('?');
  const headers: Record<string, string> = {};
  for (const [name, value] of vector.headers) headers[name.toLowerCase()] = value;
  headers.authorization = authorization;
  return { method: vector.method, path: path.slice(prefix.length), query, headers };
}

function verify(vector: SigningVector, authorization?: string, nowMs?: number) {
  const date = Date.parse(headerValue(vector.headers, 'Date') ?? '');
  return verifyRequest(canonicalInput(vector, authorization), {
    accounts: [{ accessId: vector.access_id, secret: vector.secret, owner: 'ALIYUN$vectors@example.com' }],
    nowMs: nowMs ?? date,
    maxClockSkewMs: 900_000,
  });
}

function assertApiError(fn: () => unknown, status: number, code: string) {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof ApiError, String(error));
    assert.equal(error.status, status);
    assert.equal(error.code, code);
    return true;
  });
}

describe('verifier on the signing vectors', () => {
  test('there are 15 vectors', () => assert.equal(vectors.signing_vectors.length, 15));

  for (const vector of vectors.signing_vectors) {
    test(`accepts ${vector.name}`, () => {
      const canonical = canonicalStrings(canonicalInput(vector));
      assert.ok(canonical.includes(vector.canonical_string), `canonical strings: ${JSON.stringify(canonical)}`);
      assert.equal(verify(vector).account.accessId, vector.access_id);
    });

    test(`rejects a tampered ${vector.name}`, () => {
      const tampered = vector.authorization.replace(/.(=*)$/, (last, pad) => (last[0] === 'A' ? 'B' : 'A') + pad);
      assert.notEqual(tampered, vector.authorization);
      assertApiError(() => verify(vector, tampered), 401, 'SignatureNotMatch');
    });
  }

  test('the + quirk: both the PyODPS (space) and the decode-once (+) signatures are accepted', () => {
    const vector = vectors.signing_vectors.find((v) => v.name === 'pyodps_quirk_plus_in_query_value');
    assert.ok(vector?.decode_once_authorization !== undefined);
    assert.equal(verify(vector).account.accessId, vector.access_id);
    assert.equal(verify(vector, vector.decode_once_authorization).account.accessId, vector.access_id);
  });

  test('a v4 scope day more than a day away from the clock is rejected before the signature is checked', () => {
    const vector = vectors.signing_vectors.find((v) => v.region !== null && v.v4_scope_date !== null);
    assert.ok(vector?.v4_scope_date !== undefined && vector.v4_scope_date !== null);
    const stale = vector.authorization.replace(`/${vector.v4_scope_date}/`, '/20240101/');
    assert.throws(
      () => verify(vector, stale),
      (error: unknown) =>
        error instanceof ApiError && error.status === 401 && /scope date 20240101/.test(error.message),
    );
  });

  test('an unknown access id, a missing header and a skewed clock are refused with their codes', () => {
    const vector = vectors.signing_vectors[0];
    assert.ok(vector !== undefined);
    assertApiError(() => verify(vector, vector.authorization.replace('LTAI5t', 'LTAI6t')), 401, 'ODPS-0410051');
    assertApiError(() => verify(vector, ''), 401, 'AuthorizationRequired');
    assertApiError(() => verify(vector, 'Basic abc'), 401, 'AuthorizationRequired');
    const date = Date.parse(headerValue(vector.headers, 'Date') ?? '');
    assertApiError(() => verify(vector, undefined, date + 900_001), 403, 'RequestTimeTooSkewed');
    assert.equal(verify(vector, undefined, date + 900_000).account.accessId, vector.access_id);
  });
});

describe('the vectors replayed over HTTP', () => {
  const emulators = new Map<string, RunningEmulator>();
  after(async () => {
    for (const emulator of emulators.values()) await emulator.close();
  });

  for (const vector of vectors.signing_vectors) {
    test(`${vector.name} passes authentication`, async () => {
      const dateMs = Date.parse(headerValue(vector.headers, 'Date') ?? '');
      const prefix = new URL(vector.endpoint).pathname.replace(/\/$/, '');
      const emulator = await startEmulator({
        prefix,
        projects: ['my_proj', 'p1'],
        accounts: [{ accessId: vector.access_id, secret: vector.secret, owner: 'ALIYUN$vectors@example.com' }],
        clock: () => dateMs,
      });
      emulators.set(vector.name, emulator);
      const headers = Object.fromEntries(vector.headers.filter(([name]) => name.toLowerCase() !== 'content-length'));
      const reply = await rawRequest(
        emulator.url + vector.wire_request_target,
        vector.method,
        headers,
        vector.body ?? undefined,
      );
      assert.ok(reply.status !== 401 && reply.status !== 403, `${reply.status} ${reply.body}`);
      assert.match(reply.headers['x-odps-request-id'] ?? '', /^[0-9A-F]{24}$/);
    });
  }
});
