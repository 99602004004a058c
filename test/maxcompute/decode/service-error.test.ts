import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeServiceError } from '../../../src/maxcompute/decode/service-error.ts';
import { MaxComputeErrorCode, MaxComputeServiceError } from '../../../src/maxcompute/errors.ts';
import { exchanges, spec } from './fixtures.ts';

function fields(e: MaxComputeServiceError) {
  return {
    httpStatus: e.httpStatus,
    serviceCode: e.serviceCode,
    serviceMessage: e.serviceMessage,
    requestId: e.requestId,
    hostId: e.hostId,
    retryAfterSeconds: e.retryAfterSeconds,
  };
}

describe('decodeServiceError', () => {
  it('decodes the spec XML examples', () => {
    const err = decodeServiceError(404, spec.error, { 'x-odps-request-id': 'HEADER-ID' });
    assert.ok(err instanceof MaxComputeServiceError);
    assert.equal(err.code, MaxComputeErrorCode.Service);
    assert.deepEqual(fields(err), {
      httpStatus: 404,
      serviceCode: 'NoSuchObject',
      serviceMessage: 'Instance not found: 20000101000000000gnotthere',
      // XML: the body's own id wins, as in PyODPS.
      requestId: '5F1A2B3C4D5E6F7A8B9C0D1E',
      hostId: 'service.cn-hangzhou.maxcompute.aliyun.com',
      retryAfterSeconds: undefined,
    });
    assert.equal(decodeServiceError(409, spec.stopError).serviceCode, 'InvalidStateSetting');
  });

  it('agrees with PyODPS on every captured error response', () => {
    const captured = exchanges.filter((e) => e.status >= 400);
    assert.ok(captured.length >= 4);
    for (const e of captured) {
      const err = decodeServiceError(e.status, e.body, e.headers);
      assert.equal(err.requestId, e.headers['x-odps-request-id']);
      assert.equal(err.hostId, 'localhost');
      const pyodps = e.pyodpsResult;
      if (pyodps.ok === false && pyodps.status_code === e.status) {
        assert.equal(err.serviceCode, pyodps.code);
        assert.equal(err.requestId, pyodps.request_id);
        assert.ok(String(pyodps.str).endsWith(err.serviceMessage), `${pyodps.str} / ${err.serviceMessage}`);
      }
    }
  });

  it('trims padded XML text', () => {
    const body = '<Error>\n <Code>\n  InvalidArgument \n</Code><Message>\n  bad  \n</Message></Error>';
    const err = decodeServiceError(400, body, { 'x-odps-request-id': 'R1' });
    assert.deepEqual(
      [err.serviceCode, err.serviceMessage, err.requestId, err.hostId],
      ['InvalidArgument', 'bad', 'R1', undefined],
    );
  });

  it('decodes the JSON form, preferring the x-odps-request-id header', () => {
    const body = JSON.stringify({ Code: 'NoPermission', Message: 'denied', RequestId: 'BODY', HostId: 'h' });
    assert.deepEqual(fields(decodeServiceError(403, body, { 'X-Odps-Request-Id': 'HDR' })), {
      httpStatus: 403,
      serviceCode: 'NoPermission',
      serviceMessage: 'denied',
      requestId: 'HDR',
      hostId: 'h',
      retryAfterSeconds: undefined,
    });
    assert.equal(decodeServiceError(403, body).requestId, 'BODY');
  });

  it('keeps a full ODPS-NNNNNNN code and classifies it', () => {
    const body = '<Error><Code>ODPS-0010000: System internal error</Code><Message>try again</Message></Error>';
    const err = decodeServiceError(500, body);
    assert.equal(err.serviceCode, 'ODPS-0010000: System internal error');
    assert.equal(err.retryable, true);
  });

  it('falls back on the status for an empty 404, 401 and other statuses', () => {
    const notFound = decodeServiceError(404, '', { 'x-odps-request-id': 'R404' });
    assert.deepEqual([notFound.serviceCode, notFound.requestId], ['NoSuchObject', 'R404']);
    assert.equal(decodeServiceError(401, 'Unauthorized').serviceCode, 'Unauthorized');
    const html = decodeServiceError(502, `<html><body>${'x'.repeat(2000)}</body></html>`);
    assert.equal(html.serviceCode, 'HTTP502');
    assert.ok(html.serviceMessage.startsWith('<html><body>xxx'));
    assert.ok(html.serviceMessage.length <= 501);
    assert.equal(html.retryable, true);
    assert.equal(decodeServiceError(418, '  short text \n').serviceMessage, 'short text');
  });

  it('falls back when the <Error> lacks a Code or the JSON is not an error', () => {
    assert.equal(decodeServiceError(500, '<Error><Message>m</Message></Error>').serviceCode, 'HTTP500');
    assert.equal(decodeServiceError(400, '{"Code": ""}').serviceCode, 'HTTP400');
    assert.equal(decodeServiceError(400, '{"Code": 42, "Message": "n"}').serviceCode, '42');
    assert.equal(decodeServiceError(404, '<Error><Code>NoSuchObject</Code>').serviceCode, 'NoSuchObject');
    assert.equal(decodeServiceError(500, '<Error><Code>X</Code>').serviceCode, 'HTTP500');
  });

  it('reads a numeric Retry-After', () => {
    assert.equal(decodeServiceError(429, '', { 'retry-after': '30' }).retryAfterSeconds, 30);
    assert.equal(decodeServiceError(409, spec.stopError, { 'Retry-After': ['5'] }).retryAfterSeconds, 5);
    assert.equal(
      decodeServiceError(429, '', { 'retry-after': 'Fri, 15 Mar 2024 08:30:00 GMT' }).retryAfterSeconds,
      undefined,
    );
    assert.equal(decodeServiceError(429, '', { 'retry-after': '-1' }).retryAfterSeconds, undefined);
  });

  it('never throws, whatever it is given', () => {
    const odd = [undefined, null, 42, { toString: () => 'x' }] as unknown as string[];
    for (const body of odd) assert.ok(decodeServiceError(500, body) instanceof MaxComputeServiceError);
    assert.ok(decodeServiceError(Number.NaN, '<Error><__proto__/></Error>') instanceof MaxComputeServiceError);
  });
});
