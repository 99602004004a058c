import { BinaryReader } from '@bufbuild/protobuf/wire';
import { MaxComputeChecksumError, MaxComputeDecodeError } from '../errors.ts';
import { RecordChecksum } from './checksum.ts';
import { type TunnelColumn, type TunnelRow, type TunnelValue, valueKindOf } from './columns.ts';
import { VALUE_READERS, type ValueReader } from './field-values.ts';

/**
 * Decodes the tunnel's default record format as it arrives, chunk by chunk: protobuf-style tags and
 * varints, one record per row ended by its CRC32C, then the stream's record count and the checksum of
 * all record checksums (docs/maxcompute-protocol.md, "Tunnel records: the stream"). A record is only
 * handed out once its checksum matched; a record cut by a chunk boundary waits for the next chunk.
 */

/** Field numbers with a meaning of their own; a column's field number is its position from 1. */
export const WIRE = {
  endRecord: 33_553_408,
  endMetrics: 33_554_176,
  metaCount: 33_554_430,
  metaChecksum: 33_554_431,
} as const;

const END = Symbol('end of stream');

export class RecordStreamDecoder {
  readonly #readers: readonly ValueReader[];
  readonly #firstRow: number;
  readonly #crc = new RecordChecksum();
  readonly #checksums = new RecordChecksum();
  #chunks: Uint8Array[] = [];
  #buffered = 0;
  /** After a record was cut short: decode again once this many bytes are buffered (amortised linear). */
  #waitFor = 0;
  #records = 0;
  #ended = false;

  /** `firstRow`: the result row the stream starts at, for error messages. */
  constructor(columns: readonly TunnelColumn[], firstRow = 0) {
    this.#readers = columns.map((column) => VALUE_READERS[valueKindOf(column)]);
    this.#firstRow = firstRow;
  }

  /** Rows decoded so far. */
  get records(): number {
    return this.#records;
  }

  /** Whether the end of the stream (count and checksum) was read and checked. */
  get ended(): boolean {
    return this.#ended;
  }

  /** Takes the next bytes; returns the rows completed by them, in order. */
  push(chunk: Uint8Array): TunnelRow[] {
    if (chunk.length === 0) return [];
    if (this.#ended) throw formatError('bytes follow the end of the stream');
    this.#chunks.push(chunk);
    this.#buffered += chunk.length;
    return this.#buffered < this.#waitFor ? [] : this.#drain();
  }

  /** The response ended: returns the last rows; anything but a complete, checked stream is an error. */
  finish(): TunnelRow[] {
    const rows = !this.#ended && this.#buffered > 0 ? this.#drain() : [];
    if (!this.#ended) {
      throw formatError(`the stream ended after ${this.#records} records, before its end marker (a cut transfer?)`);
    }
    return rows;
  }

  #drain(): TunnelRow[] {
    const buf = this.#chunks.length === 1 ? (this.#chunks[0] as Uint8Array) : Buffer.concat(this.#chunks);
    const reader = new BinaryReader(buf);
    const rows: TunnelRow[] = [];
    let done = 0;
    while (done < buf.length && !this.#ended) {
      const outcome = this.#next(reader, buf);
      if (outcome === undefined) break;
      done = reader.pos;
      if (outcome === END) this.#ended = true;
      else rows.push(outcome);
    }
    if (this.#ended && done < buf.length) throw formatError('bytes follow the end of the stream');
    const rest = buf.subarray(done);
    this.#chunks = rest.length === 0 ? [] : [rest];
    this.#buffered = rest.length;
    this.#waitFor = rest.length * 2;
    return rows;
  }

  /** One record or the end; undefined when the buffer ends inside it (nothing is committed then). */
  #next(reader: BinaryReader, buf: Uint8Array): TunnelRow | typeof END | undefined {
    const start = reader.pos;
    try {
      return this.#record(reader, buf);
    } catch (error) {
      // Reading past the end of what has arrived: wait for more. Anything else is the stream's fault.
      if (error instanceof RangeError || reader.pos > buf.length) {
        reader.pos = start;
        return undefined;
      }
      if (error instanceof MaxComputeChecksumError || error instanceof MaxComputeDecodeError) throw error;
      throw formatError(error instanceof Error ? error.message : String(error), error);
    }
  }

  #record(reader: BinaryReader, buf: Uint8Array): TunnelRow | typeof END {
    const row: TunnelValue[] = new Array(this.#readers.length).fill(null);
    const crc = this.#crc;
    crc.reset();
    let fields = 0;
    for (;;) {
      const [field] = reader.tag();
      if (field === WIRE.endRecord) {
        const sent = reader.uint32();
        const computed = crc.digest();
        const rowIndex = this.#firstRow + this.#records;
        if (sent !== computed) {
          throw new MaxComputeChecksumError(
            `Tunnel record of row ${rowIndex}: checksum ${hex(sent)} sent, ${hex(computed)} computed`,
            rowIndex,
          );
        }
        this.#checksums.uint32(computed);
        this.#records += 1;
        return row;
      }
      if (field === WIRE.metaCount && fields === 0) {
        this.#end(reader);
        return END;
      }
      const read = this.#readers[field - 1];
      if (read === undefined) throw formatError(`field ${field} in a result of ${this.#readers.length} columns`);
      crc.int32(field);
      row[field - 1] = read(reader, buf, crc);
      fields += 1;
    }
  }

  /** The record count, optional server metrics with their own checksum, then the checksum of checksums. */
  #end(reader: BinaryReader): void {
    const count = BigInt(reader.sint64());
    if (count !== BigInt(this.#records)) {
      throw formatError(`the stream says it holds ${count} records; ${this.#records} came`);
    }
    let [field, wireType] = reader.tag();
    if (field !== WIRE.metaChecksum) {
      if (wireType !== 2) throw formatError(`field ${field} after the record count`);
      const metrics = new RecordChecksum();
      metrics.int32(field);
      metrics.bytes(reader.bytes());
      if (reader.tag()[0] !== WIRE.endMetrics) throw formatError('server metrics without their end marker');
      const sent = reader.uint32();
      if (sent !== metrics.digest()) {
        throw new MaxComputeChecksumError(`Tunnel server metrics: checksum ${hex(sent)} sent`, undefined);
      }
      [field, wireType] = reader.tag();
      if (field !== WIRE.metaChecksum) throw formatError(`field ${field} where the stream checksum belongs`);
    }
    const sent = reader.uint32();
    const computed = this.#checksums.digest();
    if (sent !== computed) {
      throw new MaxComputeChecksumError(
        `Tunnel stream checksum: ${hex(sent)} sent, ${hex(computed)} computed over ${this.#records} records`,
        undefined,
      );
    }
  }
}

function formatError(message: string, cause?: unknown): MaxComputeDecodeError {
  return new MaxComputeDecodeError('tunnel records', message, { cause });
}

function hex(value: number): string {
  return `0x${value.toString(16).padStart(8, '0')}`;
}
