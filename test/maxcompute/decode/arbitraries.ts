/**
 * Generators for the decoders' property tests, shared with the 10,000-run fuzzing in
 * test/security/fuzz-decoders.test.ts: arbitrary strings, XML/CSV/JSON fragments, and real response
 * bodies truncated, cut and spliced.
 */
import fc from 'fast-check';
import {
  decodeAuthorizationToken,
  decodeInstanceList,
  decodeInstanceStatus,
  decodeSyncCreateBody,
  decodeTaskProgress,
  decodeTaskResults,
  decodeTaskStatuses,
  decodeTaskSummary,
  decodeXflowActions,
  parseResultCsv,
  type ResponseHeaders,
} from '../../../src/maxcompute/decode/index.ts';
import { MaxComputeDecodeError } from '../../../src/maxcompute/errors.ts';
import { exchanges, spec } from './fixtures.ts';

/** Every body we know, so each decoder also meets the others' documents. */
export const seeds = [...new Set([...Object.values(spec), ...exchanges.map((e) => e.body).filter((b) => b !== '')])];

/** Fragments that tend to break XML, CSV and JSON readers in interesting ways. */
export const token = fc.constantFrom(
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

export const mutation = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 24 }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof(token, fc.string({ unit: 'binary', maxLength: 6 })),
  }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), text: token }),
);

export type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

export function applyMutations(body: string, mutations: readonly Mutation[]): string {
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

export const mutatedBody = fc
  .tuple(fc.constantFrom(...seeds), fc.array(mutation, { minLength: 1, maxLength: 5 }))
  .map(([body, mutations]) => applyMutations(body, mutations));

export const anyBody = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.array(token, { maxLength: 30 }).map((parts) => parts.join('')),
  mutatedBody,
);

export const headerValue = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom('', 'Fri, 15 Mar 2024 08:30:00 GMT', 'Fri, 31 Feb 2024 08:30:00 GMT', '30', '1.5', '-1'),
);
export const headers: fc.Arbitrary<ResponseHeaders> = fc.dictionary(
  fc.constantFrom('x-odps-owner', 'x-odps-start-time', 'X-ODPS-End-Time', 'x-odps-request-id', 'Retry-After', 'other'),
  fc.oneof(headerValue, fc.array(headerValue, { maxLength: 2 }), fc.constant(undefined)),
);

/** Runs `decode` and fails the property if it throws anything but MaxComputeDecodeError. */
export function decodesOrRefuses(decode: () => unknown): void {
  try {
    decode();
  } catch (err) {
    if (!(err instanceof MaxComputeDecodeError)) throw err;
  }
}

export const decoders: readonly [string, (body: string, headers: ResponseHeaders) => unknown][] = [
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
