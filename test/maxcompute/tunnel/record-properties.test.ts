import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { type Cell, kindOfType, RecordWriter } from '../../../src/emulator/tunnel/record-writer.ts';
import { MaxComputeChecksumError, MaxComputeDecodeError } from '../../../src/maxcompute/errors.ts';
import type { TunnelColumn, TunnelRow, TunnelValue } from '../../../src/maxcompute/tunnel/columns.ts';
import { RecordStreamDecoder } from '../../../src/maxcompute/tunnel/record-stream.ts';

/**
 * Random rows of every supported type, written by the emulator's writer (hand-rolled varints and
 * CRC32C; checked byte for byte against PyODPS's writer in test/emulator/tunnel-wire.test.ts) and
 * read by the client's decoder (a protobuf library and another CRC32C), fed in random pieces.
 */

interface TypeCase {
  readonly type: string;
  /** A value as the client decodes it, with the cell the writer takes for it. */
  readonly arbitrary: fc.Arbitrary<{ value: TunnelValue; cell: Cell }>;
}

const MIN_MS = Date.UTC(1, 0, 1) - 1; // a little before 0001-01-01
const MAX_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
const utf8 = (text: string) => new TextEncoder().encode(text);
const same = <T extends Cell & TunnelValue>(arb: fc.Arbitrary<T>) => arb.map((v) => ({ value: v, cell: v }));

function isoNanos(seconds: number, nanos: number): string {
  return `${new Date(seconds * 1000).toISOString().slice(0, 19)}.${String(nanos).padStart(9, '0')}Z`;
}

const TYPES: readonly TypeCase[] = [
  { type: 'bigint', arbitrary: same(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })) },
  {
    type: 'int',
    arbitrary: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }).map((v) => ({ value: v, cell: BigInt(v) })),
  },
  { type: 'double', arbitrary: same(fc.double()) },
  { type: 'float', arbitrary: same(fc.float()) },
  {
    type: 'decimal(38,18)',
    arbitrary: fc
      .tuple(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.nat(999_999))
      .map(([whole, fraction]) => `${whole}.${String(fraction).padStart(6, '0')}`)
      .map((text) => ({ value: text, cell: utf8(text) })),
  },
  {
    type: 'string',
    arbitrary: fc
      .string({ unit: 'binary', maxLength: 40 })
      .filter((s) => Buffer.from(s).toString() === s) // no lone surrogates
      .map((s) => ({ value: s, cell: utf8(s) })),
  },
  { type: 'boolean', arbitrary: same(fc.boolean()) },
  {
    type: 'datetime',
    arbitrary: fc.integer({ min: MIN_MS, max: MAX_MS }).map((ms) => ({ value: new Date(ms), cell: BigInt(ms) })),
  },
  {
    type: 'date',
    arbitrary: fc.integer({ min: -719_162, max: 2_932_896 }).map((days) => ({
      value: new Date(days * 86_400_000).toISOString().slice(0, 10),
      cell: BigInt(days),
    })),
  },
  {
    type: 'timestamp',
    arbitrary: fc
      .tuple(
        fc.integer({ min: Math.floor(MIN_MS / 1000), max: Math.floor(MAX_MS / 1000) }),
        fc.integer({ min: 0, max: 999_999_999 }),
      )
      .map(([s, ns]) => ({ value: isoNanos(s, ns), cell: { seconds: BigInt(s), nanos: ns } })),
  },
  {
    type: 'binary',
    arbitrary: fc.uint8Array({ maxLength: 40 }).map((bytes) => ({ value: bytes, cell: bytes })),
  },
];

const schemaAndRows = fc.array(fc.constantFrom(...TYPES), { minLength: 1, maxLength: 8 }).chain((types) =>
  fc.record({
    types: fc.constant(types),
    rows: fc.array(fc.tuple(...types.map((t) => fc.option(t.arbitrary, { freq: 4 }))), { maxLength: 30 }),
    cuts: fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 20 }),
  }),
);

function encode(types: readonly TypeCase[], rows: readonly (readonly ({ cell: Cell } | null)[])[]): Buffer {
  const writer = new RecordWriter(types.map((t) => kindOfType(t.type)));
  for (const row of rows) writer.write(row.map((c) => (c === null ? null : c.cell)));
  writer.end();
  return writer.take();
}

function decode(types: readonly TypeCase[], bytes: Uint8Array, cuts: readonly number[]): TunnelRow[] {
  const columns: TunnelColumn[] = types.map((t, i) => ({ name: `c${i}`, type: t.type, nullable: true }));
  const decoder = new RecordStreamDecoder(columns);
  const rows: TunnelRow[] = [];
  let at = 0;
  for (let i = 0; at < bytes.length; i++) {
    const size = cuts[i % cuts.length] as number;
    rows.push(...decoder.push(bytes.subarray(at, at + size)));
    at += size;
  }
  rows.push(...decoder.finish());
  return rows;
}

test('any rows of any supported types come back as written, however the bytes are cut', () => {
  fc.assert(
    fc.property(schemaAndRows, ({ types, rows, cuts }) => {
      const decoded = decode(types, encode(types, rows), cuts);
      assert.deepEqual(
        decoded,
        rows.map((row) => row.map((c) => (c === null ? null : c.value))),
      );
    }),
    { numRuns: 300 },
  );
});

/**
 * Wire types are not trusted (as the SDKs do not: a timestamp is tagged length-delimited without a
 * length), so a flip there may go unnoticed, harmlessly: the rows read are then the rows sent.
 */
test('a single flipped bit is refused (a checksum or format error) or harmless, never other rows', () => {
  fc.assert(
    fc.property(
      schemaAndRows.filter(({ rows }) => rows.length > 0),
      fc.nat(),
      fc.nat(7),
      ({ types, rows, cuts }, where, bit) => {
        const bytes = encode(types, rows);
        const at = where % bytes.length;
        bytes[at] = (bytes[at] as number) ^ (1 << bit);
        let decoded: TunnelRow[];
        try {
          decoded = decode(types, bytes, cuts);
        } catch (error) {
          assert.ok(error instanceof MaxComputeChecksumError || error instanceof MaxComputeDecodeError, String(error));
          return;
        }
        assert.deepEqual(
          decoded,
          rows.map((row) => row.map((c) => (c === null ? null : c.value))),
        );
      },
    ),
    { numRuns: 500 },
  );
});
