import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  MaxComputeChecksumError,
  MaxComputeDecodeError,
  MaxComputeUnsupportedTypeError,
} from '../../../src/maxcompute/errors.ts';
import type { TunnelColumn, TunnelRow } from '../../../src/maxcompute/tunnel/columns.ts';
import { RecordStreamDecoder } from '../../../src/maxcompute/tunnel/record-stream.ts';
import { asTunnelValue, pyodpsCase, pyodpsRecords } from '../../support/tunnel-fixtures.ts';

/**
 * The tunnel record decoder against bytes nobody here encoded: a stream written out by hand from the
 * documented layout (docs/maxcompute-protocol.md, "Tunnel records: the stream"), with a bitwise CRC32C
 * written in this file as the third opinion on the checksums, and streams PyODPS's own writer made.
 */

const columns = (...types: string[]): TunnelColumn[] =>
  types.map((type, i) => ({ name: `c${i + 1}`, type, nullable: true }));

/** Decodes `bytes` fed in pieces of `size` bytes. */
function decodeInPieces(cols: readonly TunnelColumn[], bytes: Uint8Array, size: number): TunnelRow[] {
  const decoder = new RecordStreamDecoder(cols);
  const rows: TunnelRow[] = [];
  for (let i = 0; i < bytes.length; i += size) rows.push(...decoder.push(bytes.subarray(i, i + size)));
  rows.push(...decoder.finish());
  return rows;
}

/** CRC32C the slow way, bit by bit: a reference that shares nothing with the client's library. */
function referenceCrc32c(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

const le32 = (v: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32LE(v | 0);
  return b;
};
const le64 = (v: bigint) => {
  const b = Buffer.alloc(8);
  b.writeBigInt64LE(v);
  return b;
};

/**
 * Columns id bigint, name string, ts timestamp, flag boolean; two rows: (42, 'hi', 1 s + 5 ns, true)
 * and all NULL. Tag = field number << 3 | wire type, as a varint; signed values are zigzag varints.
 */
const HAND_COLUMNS = columns('bigint', 'string', 'timestamp', 'boolean');
const HAND_STREAM = Buffer.from(
  [
    [0x08, 0x54], // field 1 (id), varint: zigzag(42) = 84
    [0x12, 0x02, 0x68, 0x69], // field 2 (name), length-delimited: 2 bytes "hi"
    [0x1a, 0x02, 0x0a], // field 3 (ts) tagged length-delimited, yet no length: zigzag(1 s) = 2, zigzag(5 ns) = 10
    [0x20, 0x01], // field 4 (flag), varint 1
    [0x80, 0xc0, 0xff, 0x7f], // end of record: field 33553408, varint (33553408 << 3 = 0x0fffe000)
    [0xf4, 0xd5, 0xa3, 0x82, 0x0e], // its CRC32C 0xe048eaf4 as a varint (input: RECORD_1_CRC_INPUT)
    [0x80, 0xc0, 0xff, 0x7f, 0x00], // row 2: no fields (all NULL), end of record, CRC32C of nothing = 0
    [0xf0, 0xff, 0xff, 0x7f], // record count: field 33554430, varint
    [0x04], // zigzag(2) = 4 records
    [0xf8, 0xff, 0xff, 0x7f], // stream checksum: field 33554431, varint
    [0xbd, 0xcc, 0xc9, 0x55], // CRC32C 0x0ab2663d over both record checksums as little-endian int32
  ].flat(),
);
/** What row 1's checksum covers: each field's number (int32 LE), then its value in checksum form. */
const RECORD_1_CRC_INPUT = Buffer.concat([
  le32(1),
  le64(42n),
  le32(2),
  Buffer.from('hi'),
  le32(3),
  le64(1n),
  le32(5),
  le32(4),
  Buffer.from([1]),
]);
const HAND_ROWS = [
  [42n, 'hi', '1970-01-01T00:00:01.000000005Z', true],
  [null, null, null, null],
];

describe('the hand-written stream', () => {
  test('its checksums are what the reference CRC32C gives for the documented inputs', () => {
    assert.equal(referenceCrc32c(Buffer.from('123456789')), 0xe3069283);
    assert.equal(referenceCrc32c(RECORD_1_CRC_INPUT), 0xe048eaf4);
    assert.equal(referenceCrc32c(Buffer.concat([le32(0xe048eaf4), le32(0)])), 0x0ab2663d);
  });

  test('decodes to its two rows, whatever the pieces it arrives in', () => {
    for (const size of [1, 2, 3, 5, 8, HAND_STREAM.length]) {
      assert.deepEqual(decodeInPieces(HAND_COLUMNS, HAND_STREAM, size), HAND_ROWS, `pieces of ${size}`);
    }
  });

  test('server metrics after the count are read with their own checksum', () => {
    const metrics = Buffer.from('{"ServerIOCost":1}');
    const footer = HAND_STREAM.subarray(0, HAND_STREAM.length - 8);
    const stream = Buffer.concat([
      footer, // ... up to and including the record count
      Buffer.from([0x0a, metrics.length]), // field 1, length-delimited: the metrics JSON
      metrics,
      Buffer.from([0x80, 0xf0, 0xff, 0x7f]), // end of metrics: field 33554176, varint
      Buffer.from([0xd5, 0x87, 0xdc, 0x9c, 0x01]), // CRC32C 0x139703d5 of int32 LE(1) + the JSON
      HAND_STREAM.subarray(HAND_STREAM.length - 8), // the stream checksum, as before
    ]);
    assert.equal(referenceCrc32c(Buffer.concat([le32(1), metrics])), 0x139703d5);
    assert.deepEqual(decodeInPieces(HAND_COLUMNS, stream, 3), HAND_ROWS);
  });
});

describe("PyODPS's writer", () => {
  test('the fixtures are the recorded ones', () => {
    assert.equal(pyodpsRecords.recorded_with.pyodps_version, '0.13.1');
    assert.deepEqual(
      pyodpsRecords.cases.map((c) => c.name),
      ['every_type', 'no_rows', 'thousand_rows'],
    );
  });

  for (const fixture of pyodpsRecords.cases) {
    test(`${fixture.name}: the rows PyODPS read back from its own bytes`, () => {
      const cols = fixture.columns.map((c) => ({ ...c, nullable: true }));
      const bytes = Buffer.from(fixture.bytes_hex, 'hex');
      const expected = fixture.pyodps_read_back.map((row) => row.map(asTunnelValue));
      for (const size of [1, 7, 4096, bytes.length]) {
        assert.deepEqual(decodeInPieces(cols, bytes, size), expected, `pieces of ${size}`);
      }
    });
  }
});

describe('damage is never accepted', () => {
  const fixture = pyodpsCase('thousand_rows');
  const cols = fixture.columns.map((c) => ({ ...c, nullable: true }));
  const bytes = Buffer.from(fixture.bytes_hex, 'hex');

  test('a record whose checksum does not match is an error naming the row; earlier rows were fine', () => {
    const damaged = Buffer.from(HAND_STREAM);
    damaged[15] = (damaged[15] as number) ^ 0x01; // first byte of row 1's checksum varint
    const decoder = new RecordStreamDecoder(HAND_COLUMNS, 500);
    assert.throws(
      () => decoder.push(damaged),
      (error: unknown) => error instanceof MaxComputeChecksumError && error.row === 500 && error.retryable,
    );
  });

  test('a changed value byte fails the record checksum', () => {
    const damaged = Buffer.from(bytes);
    // "row 0" of the first record: the last byte of its text.
    const at = damaged.indexOf(Buffer.from('row 0')) + 4;
    damaged[at] = 0x39;
    assert.throws(() => decodeInPieces(cols, damaged, 4096), MaxComputeChecksumError);
  });

  test('a wrong stream checksum fails at the end', () => {
    const damaged = Buffer.from(HAND_STREAM);
    damaged[damaged.length - 4] = (damaged[damaged.length - 4] as number) ^ 0x02;
    assert.throws(
      () => decodeInPieces(HAND_COLUMNS, damaged, 64),
      (error: unknown) => error instanceof MaxComputeChecksumError && error.row === undefined,
    );
  });

  test('a stream cut anywhere is an error when it ends, never a short result', () => {
    for (const cut of [1, 50, bytes.length - 5, bytes.length - 1]) {
      assert.throws(() => decodeInPieces(cols, bytes.subarray(0, cut), 100), MaxComputeDecodeError, `cut at ${cut}`);
    }
  });

  test('a record count that disagrees, or bytes after the end, are errors', () => {
    const wrongCount = Buffer.from(HAND_STREAM);
    wrongCount[wrongCount.length - 9] = 0x06; // zigzag(3)
    assert.throws(() => decodeInPieces(HAND_COLUMNS, wrongCount, 64), /says it holds 3 records; 2 came/);
    const extra = Buffer.concat([HAND_STREAM, Buffer.from([0x08])]);
    assert.throws(() => decodeInPieces(HAND_COLUMNS, extra, 64), /bytes follow the end/);
  });

  test('a field number beyond the columns is an error', () => {
    assert.throws(() => decodeInPieces(columns('bigint'), HAND_STREAM, 64), /field 2 in a result of 1 columns/);
  });
});

test('arrays, maps and structs are refused from the schema, before any byte is read', () => {
  for (const type of ['array<bigint>', 'map<string,bigint>', 'struct<a:bigint>', 'geometry']) {
    assert.throws(
      () => new RecordStreamDecoder(columns('bigint', type)),
      (error: unknown) =>
        error instanceof MaxComputeUnsupportedTypeError && error.columnType === type && !error.retryable,
    );
  }
  assert.doesNotThrow(() => new RecordStreamDecoder(columns('varchar(10)', 'char(3)', 'decimal(38,18)', 'json')));
});
