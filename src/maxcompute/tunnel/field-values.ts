import type { BinaryReader } from '@bufbuild/protobuf/wire';
import { MaxComputeDecodeError } from '../errors.ts';
import type { RecordChecksum } from './checksum.ts';
import type { TunnelValue, ValueKind } from './columns.ts';

/**
 * One field's value after its tag, read by the column's type (the wire type in the tag is not
 * trusted: a timestamp is tagged length-delimited yet carries two varints and no length), and fed
 * to the record's checksum. See docs/maxcompute-protocol.md, "Tunnel records: the field values".
 */
export type ValueReader = (reader: BinaryReader, buf: Uint8Array, crc: RecordChecksum) => TunnelValue;

const utf8 = new TextDecoder('utf-8');
const MS_PER_DAY = 86_400_000;
/** Date's range: ±100,000,000 days from 1970, in milliseconds. */
const MAX_DATE_MS = 8.64e15;

function readLong(reader: BinaryReader, crc: RecordChecksum): bigint {
  const value = BigInt(reader.sint64());
  crc.int64(value);
  return value;
}

function readBytes(reader: BinaryReader, crc: RecordChecksum): Uint8Array {
  const bytes = reader.bytes();
  crc.bytes(bytes);
  return bytes;
}

/** A float's checksum is over its IEEE bytes, so the wire bytes are fed as they came (NaN payloads kept). */
function readFixed(reader: BinaryReader, buf: Uint8Array, crc: RecordChecksum, width: 4 | 8): number {
  const start = reader.pos;
  const value = width === 8 ? reader.double() : reader.float();
  crc.bytes(buf.subarray(start, start + width));
  return value;
}

function dateOf(milliseconds: number, what: string): Date {
  if (!(Math.abs(milliseconds) <= MAX_DATE_MS)) {
    throw new MaxComputeDecodeError('tunnel records', `a ${what} is out of range (${milliseconds} ms)`, {
      retryable: false,
    });
  }
  return new Date(milliseconds);
}

/** Seconds and nanoseconds as ISO 8601 with nine fraction digits. */
function isoWithNanos(seconds: bigint, nanos: number, zone: 'Z' | ''): string {
  if (nanos < 0 || nanos > 999_999_999) {
    throw new MaxComputeDecodeError('tunnel records', `a timestamp has ${nanos} nanoseconds`, { retryable: false });
  }
  const whole = dateOf(Number(seconds) * 1000, 'timestamp').toISOString(); // 2024-03-15T08:30:00.000Z
  return `${whole.slice(0, -5)}.${String(nanos).padStart(9, '0')}${zone}`;
}

function readSecondsAndNanos(reader: BinaryReader, crc: RecordChecksum): { seconds: bigint; nanos: number } {
  const seconds = readLong(reader, crc);
  const nanos = reader.sint32();
  crc.int32(nanos);
  return { seconds, nanos };
}

export const VALUE_READERS: Readonly<Record<ValueKind, ValueReader>> = {
  bigint: (reader, _buf, crc) => readLong(reader, crc),
  smallint: (reader, _buf, crc) => Number(readLong(reader, crc)),
  float: (reader, buf, crc) => readFixed(reader, buf, crc, 4),
  double: (reader, buf, crc) => readFixed(reader, buf, crc, 8),
  boolean: (reader, _buf, crc) => {
    const value = reader.bool();
    crc.bool(value);
    return value;
  },
  text: (reader, _buf, crc) => utf8.decode(readBytes(reader, crc)),
  decimal: (reader, _buf, crc) => utf8.decode(readBytes(reader, crc)),
  // A copy: the view would otherwise pin the whole network chunk it came in.
  binary: (reader, _buf, crc) => new Uint8Array(readBytes(reader, crc)),
  datetime: (reader, _buf, crc) => dateOf(Number(readLong(reader, crc)), 'datetime'),
  date: (reader, _buf, crc) => {
    const iso = dateOf(Number(readLong(reader, crc)) * MS_PER_DAY, 'date').toISOString();
    return iso.slice(0, iso.indexOf('T'));
  },
  timestamp: (reader, _buf, crc) => {
    const { seconds, nanos } = readSecondsAndNanos(reader, crc);
    return isoWithNanos(seconds, nanos, 'Z');
  },
  timestamp_ntz: (reader, _buf, crc) => {
    const { seconds, nanos } = readSecondsAndNanos(reader, crc);
    return isoWithNanos(seconds, nanos, '');
  },
  interval_day_time: (reader, _buf, crc) => readSecondsAndNanos(reader, crc),
};
