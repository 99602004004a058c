/**
 * Property tests: every decoder either returns a value or throws MaxComputeDecodeError, for arbitrary
 * strings and for mutated or truncated versions of real bodies; decodeServiceError never throws; CSV
 * and the Base64/CDATA paths round-trip.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  decodeAuthorizationToken,
  decodeInstanceList,
  decodeInstanceStatus,
  decodeServiceError,
  decodeSyncCreateBody,
  decodeTaskProgress,
  decodeTaskResults,
  decodeTaskStatuses,
  decodeTaskSummary,
  decodeXflowActions,
  parseResultCsv,
  type ResponseHeaders,
} from '../../../src/maxcompute/decode/index.ts';
import { MaxComputeDecodeError, MaxComputeServiceError } from '../../../src/maxcompute/errors.ts';
import { exchanges, PROPERTY_RUNS, spec } from './fixtures.ts';

const runs = { numRuns: PROPERTY_RUNS };

/** Every body we know, so each decoder also meets the others' documents. */
const seeds = [...new Set([...Object.values(spec), ...exchanges.map((e) => e.body).filter((b) => b !== '')])];

/** Fragments that tend to break XML, CSV and JSON readers in interesting ways. */
const token = fc.constantFrom(
  '<',
  '>',
  '/',
  '&',
  '&amp;',
  '&#0;',
  '&#x110000;',
  '&#65;',
  '&bogus;',
  '<![CDATA[',
  ']]>',
  '<!--',
  '-->',
  '<!DOCTYPE R [<!ENTITY a "b">]>',
  '<?xml version="1.0"?>',
  '"',
  "'",
  '=',
  '<Status>',
  '</Status>',
  '<Status>Bogus</Status>',
  '<Status>FAIL</Status>',
  '<Task>',
  '</Task>',
  '<Name></Name>',
  '<Stage ID="x">',
  '<TotalWorkers>abc</TotalWorkers>',
  '<__proto__>',
  '<constructor>',
  ' Transform="Base64"',
  '<Result Transform="Base64">!!</Result>',
  '<ResultDescriptor>{</ResultDescriptor>',
  '\u0000',
  '\uFEFF',
  '-1',
  '1e3',
  '99999999999999999999',
  '\\N',
  '\\',
  ',',
  '\n',
  '\r',
  '{',
  '}',
  '[',
  'null',
  '"JsonSummary":',
);

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 24 }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof(token, fc.string({ unit: 'binary', maxLength: 6 })),
  }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), text: token }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function applyMutations(body: string, mutations: readonly Mutation[]): string {
  let text = body;
  for (const m of mutations) {
    const at = m.at % (text.length + 1);
    if (m.kind === 'truncate') text = text.slice(0, at);
    else if (m.kind === 'delete') text = text.slice(0, at) + text.slice(at + m.len);
    else if (m.kind === 'insert') text = text.slice(0, at) + m.text + text.slice(at);
    else text = text.slice(0, at) + m.text + text.slice(at + 1);
  }
  return text;
}

const mutatedBody = fc
  .tuple(fc.constantFrom(...seeds), fc.array(mutation, { minLength: 1, maxLength: 5 }))
  .map(([body, mutations]) => applyMutations(body, mutations));

const anyBody = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.array(token, { maxLength: 30 }).map((parts) => parts.join('')),
  mutatedBody,
);

const headerValue = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom('', 'Fri, 15 Mar 2024 08:30:00 GMT', 'Fri, 31 Feb 2024 08:30:00 GMT', '30', '1.5', '-1'),
);
const headers: fc.Arbitrary<ResponseHeaders> = fc.dictionary(
  fc.constantFrom('x-odps-owner', 'x-odps-start-time', 'X-ODPS-End-Time', 'x-odps-request-id', 'Retry-After', 'other'),
  fc.oneof(headerValue, fc.array(headerValue, { maxLength: 2 }), fc.constant(undefined)),
);

/** Runs `decode` and fails the property if it throws anything but MaxComputeDecodeError. */
function decodesOrRefuses(decode: () => unknown): void {
  try {
    decode();
  } catch (err) {
    if (!(err instanceof MaxComputeDecodeError)) throw err;
  }
}

const decoders: readonly [string, (body: string, headers: ResponseHeaders) => unknown][] = [
  ['decodeInstanceStatus', decodeInstanceStatus],
  ['decodeTaskStatuses', decodeTaskStatuses],
  ['decodeTaskResults', decodeTaskResults],
  ['decodeSyncCreateBody', decodeSyncCreateBody],
  ['decodeTaskProgress', decodeTaskProgress],
  ['decodeInstanceList', decodeInstanceList],
  ['decodeXflowActions', decodeXflowActions],
  ['decodeAuthorizationToken', decodeAuthorizationToken],
  ['decodeTaskSummary', decodeTaskSummary],
  ['parseResultCsv', (body) => parseResultCsv(body)],
  ['parseResultCsv (backslash)', (body) => parseResultCsv(body, { unescape: 'backslash' })],
];

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

/** How the server would backslash-escape, were it to (§17.9): backslash first, then controls. */
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
