/**
 * Property tests: every decoder either returns a value or throws MaxComputeDecodeError, for arbitrary
 * strings and for mutated or truncated versions of real bodies; decodeServiceError never throws; CSV
 * and the Base64/CDATA paths round-trip.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  decodeServiceError,
  decodeTaskProgress,
  decodeTaskResults,
  decodeTaskStatuses,
  parseResultCsv,
} from '../../../src/maxcompute/decode/index.ts';
import { MaxComputeServiceError } from '../../../src/maxcompute/errors.ts';
import { anyBody, decoders, decodesOrRefuses, headers } from './arbitraries.ts';
import { PROPERTY_RUNS, spec } from './fixtures.ts';

const runs = { numRuns: PROPERTY_RUNS };

describe('decoders on arbitrary and mutated input', () => {
  for (const [name, decode] of decoders) {
    it(`${name} returns a value or throws MaxComputeDecodeError`, () => {
      fc.assert(
        fc.property(anyBody, headers, (body, hdrs) => decodesOrRefuses(() => decode(body, hdrs))),
        runs,
      );
    });
  }

  it('the unmutated seeds decode where they belong', () => {
    // Guards the generators: if a seed stopped decoding, the mutations would test nothing useful.
    assert.equal(decodeTaskStatuses(spec.taskStatus).tasks.length, 1);
    assert.equal(decodeTaskProgress(spec.progress).stages.length, 2);
  });
});

describe('decodeServiceError on arbitrary input', () => {
  it('never throws and always yields a usable error', () => {
    const status = fc.oneof(fc.constantFrom(400, 401, 403, 404, 409, 429, 500, 502, 503), fc.integer());
    fc.assert(
      fc.property(status, anyBody, headers, (httpStatus, body, hdrs) => {
        const err = decodeServiceError(httpStatus, body, hdrs);
        assert.ok(err instanceof MaxComputeServiceError);
        assert.equal(err.httpStatus, httpStatus);
        assert.ok(err.serviceCode.length > 0);
        assert.equal(typeof err.serviceMessage, 'string');
        if (err.retryAfterSeconds !== undefined) assert.ok(err.retryAfterSeconds >= 0);
      }),
      runs,
    );
  });
});

/**
 * A minimal RFC 4180 writer, as the server is assumed to write results: every string quoted with
 * quotes doubled, NULL as a bare `\N`, `\n` after each record.
 */
function writeCsv(
  columns: readonly string[],
  rows: readonly (readonly (string | null)[])[],
  escapeText = (s: string) => s,
) {
  const field = (v: string | null) => (v === null ? '\\N' : `"${escapeText(v).replaceAll('"', '""')}"`);
  return [columns, ...rows].map((r) => `${r.map(field).join(',')}\n`).join('');
}

/**
 * Tables of any well-formed Unicode strings (quotes, commas, newlines, backslashes and "\N" included)
 * and nulls. Lone surrogates are left out: csv-parse reads through UTF-8 and cannot keep them.
 */
const table = fc.integer({ min: 1, max: 5 }).chain((width) =>
  fc.record({
    columns: fc.array(fc.string({ unit: 'binary', maxLength: 12 }), { minLength: width, maxLength: width }),
    rows: fc.array(
      fc.array(fc.option(fc.string({ unit: 'binary', maxLength: 12 }), { nil: null }), {
        minLength: width,
        maxLength: width,
      }),
      { maxLength: 8 },
    ),
  }),
);

/**
 * How the server would backslash-escape, were it to (unverified): backslash first, then controls.
 * See docs/maxcompute-protocol.md, "Result CSV".
 */
function backslashEscape(s: string): string {
  return s.replaceAll('\\', '\\\\').replaceAll('\n', '\\n').replaceAll('\r', '\\r').replaceAll('\t', '\\t');
}

describe('CSV round trip', () => {
  it('parses back what an RFC 4180 writer wrote, verbatim by default', () => {
    fc.assert(
      fc.property(table, ({ columns, rows }) => {
        assert.deepEqual(parseResultCsv(writeCsv(columns, rows)), { columns, rows });
      }),
      runs,
    );
  });

  it('undoes backslash escaping when asked to', () => {
    fc.assert(
      fc.property(table, ({ columns, rows }) => {
        const text = writeCsv(columns, rows, backslashEscape);
        assert.deepEqual(parseResultCsv(text, { unescape: 'backslash' }), { columns, rows });
      }),
      runs,
    );
  });
});

/** XML 1.0 characters without CR (XML normalises line ends) and without lone surrogates. */
const xmlText = fc
  .string({ unit: 'binary', maxLength: 60 })
  .map((s) => s.replace(/[^\t\n\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, ''));

describe('task result text round trip', () => {
  it('reads back any text sent in CDATA, split around ]]>', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          xmlText,
          xmlText.map((s) => `${s}]]>${s}`),
        ),
        (text) => {
          const cdata = `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
          const body = `<Instance><Tasks><Task Type="SQL"><Name>t</Name><Result Format="text">${cdata}</Result></Task></Tasks></Instance>`;
          assert.equal(decodeTaskResults(body)[0]?.text, text);
        },
      ),
      runs,
    );
  });

  it('reads back any text sent as Transform="Base64"', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => {
        const b64 = Buffer.from(text, 'utf8').toString('base64');
        const body = `<Instance><Tasks><Task><Name>t</Name><Result Transform="Base64">${b64}</Result></Task></Tasks></Instance>`;
        assert.equal(decodeTaskResults(body)[0]?.text, text);
      }),
      runs,
    );
  });
});
