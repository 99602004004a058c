import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { verifyRequest } from '../../src/emulator/auth/verify.ts';
import {
  type AccessKey,
  authorizationHeader,
  canonicalString,
  httpDate,
  type SignableRequest,
} from '../../src/maxcompute/signer.ts';
import { FUZZ_RUNS, fuzz } from './fuzz.ts';

/**
 * The MaxCompute request signer (src/maxcompute/signer.ts) on generated requests: deterministic;
 * header names read in any case and in any order; headers outside Content-MD5, Content-Type, Date
 * and x-odps-* never change the signature, while any signed value does; the secret never appears
 * in what is sent; and every request it signs is accepted by the emulator's verifier, an
 * independent implementation of the same rules (src/emulator/auth/, which shares no code with it).
 */
const NOW = new Date(Date.UTC(2026, 10, 23, 8, 30, 0));
const segment = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9_]{1,20}$/),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }),
);
const queryValue = fc.oneof(fc.constant(''), fc.string({ unit: 'grapheme', maxLength: 16 }));
const headerName = fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/);
/** Header values as HTTP can carry them: visible ASCII and spaces, no line breaks, no edge spaces. */
const headerValue = fc.stringMatching(/^[!-~]([ -~]{0,30}[!-~])?$/);
const secret = fc.stringMatching(/^[A-Za-z0-9+/=_-]{8,40}$/);

const request = fc
  .record({
    method: fc.constantFrom('GET', 'PUT', 'POST', 'DELETE', 'HEAD'),
    path: fc.array(segment, { minLength: 1, maxLength: 5 }),
    query: fc.uniqueArray(fc.tuple(fc.stringMatching(/^[a-z][a-z0-9_]{0,10}$/), queryValue), {
      selector: ([name]) => name,
      maxLength: 5,
    }),
    odps: fc.dictionary(headerName, headerValue, { maxKeys: 5 }),
    other: fc.dictionary(headerName, headerValue, { maxKeys: 5 }),
    contentType: fc.option(fc.constantFrom('application/xml', 'application/json', 'text/plain'), { nil: undefined }),
    contentMd5: fc.option(fc.base64String({ minLength: 24, maxLength: 24 }), { nil: undefined }),
  })
  .map(({ method, path, query, odps, other, contentType, contentMd5 }) => {
    const resource = `/${path.map(encodeURIComponent).join('/')}${
      query.length === 0
        ? ''
        : `?${query.map(([name, value]) => (value === '' ? name : `${name}=${encodeURIComponent(value)}`)).join('&')}`
    }`;
    const headers: Record<string, string> = { Date: httpDate(NOW) };
    for (const [name, value] of Object.entries(other)) {
      if (!/^(content-md5|content-type|date|x-odps-)/.test(name)) headers[name] = value;
    }
    for (const [name, value] of Object.entries(odps)) headers[`x-odps-${name}`] = value;
    if (contentType) headers['Content-Type'] = contentType;
    if (contentMd5) headers['Content-MD5'] = contentMd5;
    return { method, resource, headers } satisfies SignableRequest;
  });
const region = fc.option(fc.constantFrom('cn-hangzhou', 'cn-shanghai', 'ap-southeast-1'), { nil: undefined });

/** The same headers under other spellings of their names, in another order. */
function respelled(headers: Readonly<Record<string, string>>, seed: number): Record<string, string> {
  const entries = Object.entries(headers).map(([name, value], n): [string, string] => [
    [...name].map((char, c) => ((seed >> ((n + c) % 16)) & 1 ? char.toUpperCase() : char.toLowerCase())).join(''),
    value,
  ]);
  return Object.fromEntries(seed % 2 === 0 ? entries.reverse() : entries);
}

function sign(key: AccessKey, signable: SignableRequest, signingRegion: string | undefined): string {
  return authorizationHeader(key, signable, NOW, signingRegion);
}

describe('the MaxCompute signer on generated requests', () => {
  it(`is deterministic, and reads header names in any case and any order (${FUZZ_RUNS} runs)`, (t) => {
    fuzz(
      t,
      'determinism and header names',
      fc.property(request, secret, region, fc.integer({ min: 0, max: 0xffff }), (signable, key, where, seed) => {
        const access = { accessId: 'LTAIfuzz', secret: key };
        const once = sign(access, signable, where);
        assert.equal(sign(access, signable, where), once);
        assert.equal(sign(access, { ...signable, headers: respelled(signable.headers, seed) }, where), once);
        assert.equal(
          canonicalString({ ...signable, headers: respelled(signable.headers, seed) }),
          canonicalString(signable),
        );
      }),
    );
  });

  it(`ignores unsigned headers and changes with every signed value (${FUZZ_RUNS} runs)`, (t) => {
    fuzz(
      t,
      'signed and unsigned headers',
      fc.property(
        request,
        secret,
        region,
        headerName.filter((name) => !/^(content-md5|content-type|date|x-odps-)/.test(name)),
        headerValue,
        headerName,
        headerValue,
        (signable, key, where, unsignedName, unsignedValue, signedName, signedValue) => {
          const access = { accessId: 'LTAIfuzz', secret: key };
          const once = sign(access, signable, where);
          const withUnsigned = { ...signable, headers: { ...signable.headers, [unsignedName]: unsignedValue } };
          assert.equal(sign(access, withUnsigned, where), once);
          const name = `x-odps-${signedName}`;
          const current = Object.entries(signable.headers).find(([header]) => header.toLowerCase() === name)?.[1];
          fc.pre(current !== signedValue);
          const withSigned = { ...signable, headers: { ...signable.headers, [name]: signedValue } };
          assert.notEqual(sign(access, withSigned, where), once);
        },
      ),
    );
  });

  it(`never puts the secret in the Authorization header; another secret signs differently (${FUZZ_RUNS} runs)`, (t) => {
    fuzz(
      t,
      'secret',
      fc.property(request, secret, secret, region, (signable, key, other, where) => {
        const header = sign({ accessId: 'LTAIfuzz', secret: key }, signable, where);
        assert.ok(!header.includes(key));
        fc.pre(other !== key);
        assert.notEqual(sign({ accessId: 'LTAIfuzz', secret: other }, signable, where), header);
      }),
    );
  });

  it(`signs what the emulator's independent verifier accepts, and nothing it would not (${FUZZ_RUNS} runs)`, (t) => {
    fuzz(
      t,
      'accepted by the emulator',
      fc.property(request, secret, region, fc.integer({ min: 0, max: 0xffff }), (signable, key, where, seed) => {
        const account = { accessId: 'LTAIfuzz', secret: key, owner: 'ALIYUN$fuzz@example.com' };
        const authorization = sign(account, signable, where);
        const queryAt = signable.resource.indexOf('?');
        const headers: Record<string, string> = { authorization };
        for (const [name, value] of Object.entries(respelled(signable.headers, seed)))
          headers[name.toLowerCase()] = value;
        const input = {
          method: signable.method,
          path: queryAt < 0 ? signable.resource : signable.resource.slice(0, queryAt),
          query: queryAt < 0 ? '' : signable.resource.slice(queryAt + 1),
          headers,
        };
        const context = { accounts: [account], nowMs: NOW.getTime(), maxClockSkewMs: 900_000 };
        assert.equal(verifyRequest(input, context).account.accessId, 'LTAIfuzz');
        assert.throws(() => verifyRequest({ ...input, method: input.method === 'GET' ? 'PUT' : 'GET' }, context), {
          code: 'SignatureNotMatch',
        });
      }),
    );
  });
});
