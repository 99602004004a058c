import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  decodeInstanceList,
  decodeInstanceStatus,
  decodeServiceError,
  decodeTaskResults,
} from '../../src/maxcompute/decode/index.ts';
import { MaxComputeDecodeError, MaxComputeServiceError } from '../../src/maxcompute/errors.ts';
import { anyBody, decoders, decodesOrRefuses, headers } from '../maxcompute/decode/arbitraries.ts';
import { FUZZ_RUNS, fuzz } from './fuzz.ts';

/**
 * Every response decoder (XML documents, the task-result CSV, headers) on arbitrary strings, on
 * XML/CSV/JSON fragments and on real bodies truncated, cut and spliced: each returns a value or
 * throws MaxComputeDecodeError, never anything else (a TypeError from a missing element, a
 * RangeError from a bad number, a parser's own error); decodeServiceError never throws at all.
 */
describe('MaxCompute decoders on arbitrary input', () => {
  for (const [name, decode] of decoders) {
    it(`${name}: a value or MaxComputeDecodeError (${FUZZ_RUNS} runs)`, (t) => {
      fuzz(
        t,
        name,
        fc.property(anyBody, headers, (body, responseHeaders) => decodesOrRefuses(() => decode(body, responseHeaders))),
      );
    });
  }

  it(`decodeServiceError never throws and always names a code (${FUZZ_RUNS} runs)`, (t) => {
    const status = fc.oneof(fc.constantFrom(400, 401, 403, 404, 409, 429, 500, 502, 503), fc.integer());
    fuzz(
      t,
      'decodeServiceError',
      fc.property(status, anyBody, headers, (httpStatus, body, responseHeaders) => {
        const error = decodeServiceError(httpStatus, body, responseHeaders);
        assert.ok(error instanceof MaxComputeServiceError);
        assert.ok(error.serviceCode.length > 0);
        assert.equal(typeof error.serviceMessage, 'string');
      }),
    );
  });

  it('hostile documents: entity expansion and deep nesting are refused quickly, as decode errors', () => {
    const entities = Array.from({ length: 9 }, (_, n) => `<!ENTITY l${n + 1} "${`&l${n};`.repeat(10)}">`).join('');
    const laughs = `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY l0 "lol">${entities}]>`;
    const deep = (depth: number) => `${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}`;
    const started = performance.now();
    for (const decode of [
      () => decodeInstanceStatus(`${laughs}<Instance><Status>&l9;</Status></Instance>`, {}),
      () =>
        decodeTaskResults(
          `${laughs}<Instance><Tasks><Task><Name>t</Name><Result>&l9;</Result></Task></Tasks></Instance>`,
        ),
      () => decodeInstanceStatus(`<Instance>${deep(100_000)}<Status>Running</Status></Instance>`, {}),
      () => decodeInstanceList(`<Instances>${'<Instance>'.repeat(50_000)}</Instances>`),
    ]) {
      assert.throws(decode, MaxComputeDecodeError);
    }
    const error = decodeServiceError(
      500,
      `${laughs}<Error><Code>&l9;</Code><Message>${deep(50_000)}</Message></Error>`,
      {},
    );
    assert.ok(error instanceof MaxComputeServiceError);
    assert.ok(error.serviceMessage.length < 10_000);
    assert.ok(performance.now() - started < 5_000, 'each is refused without expanding or recursing');
  });
});
