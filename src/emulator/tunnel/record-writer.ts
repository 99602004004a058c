import { Crc32c } from './crc32c.ts';
import { WireType, WireWriter } from './wire-writer.ts';

/**
 * Writes rows in the tunnel's default record format (docs/maxcompute-protocol.md, "Tunnel records:
 * the stream"): per non-NULL cell a tag (column position from 1) and its value; per row an end tag
 * and the row's CRC32C; at the end the row count and the CRC32C of all row checksums.
 */
export const TunnelTag = {
  endRecord: 33_553_408,
  metaCount: 33_554_430,
  metaChecksum: 33_554_431,
} as const;

/** How a cell is laid out: by MaxCompute type, see kindOfType. */
export type CellKind =
  | 'long'
  | 'double'
  | 'float'
  | 'boolean'
  | 'bytes'
  | 'secondsNanos'
  | { readonly array: CellKind };

export interface SecondsNanos {
  readonly seconds: bigint;
  readonly nanos: number;
}

/** A value ready for the wire: integers, datetimes (ms) and dates (days) as bigint; text as UTF-8 bytes. */
export type Cell = null | bigint | number | boolean | Uint8Array | SecondsNanos | readonly Cell[];

const LONG_TYPES = new Set(['bigint', 'int', 'smallint', 'tinyint', 'datetime', 'date']);
const SECONDS_NANOS_TYPES = new Set(['timestamp', 'timestamp_ntz', 'interval_day_time']);

/** The layout of a MaxCompute type; types the emulator does not know travel as text, as in its CSV. */
export function kindOfType(type: string): CellKind {
  const t = type.trim().toLowerCase();
  const array = /^array<(.+)>$/.exec(t);
  if (array?.[1] !== undefined) return { array: kindOfType(array[1]) };
  if (LONG_TYPES.has(t)) return 'long';
  if (SECONDS_NANOS_TYPES.has(t)) return 'secondsNanos';
  if (t === 'double' || t === 'float' || t === 'boolean') return t;
  return 'bytes';
}

function wireTypeOf(kind: CellKind): number {
  if (kind === 'long' || kind === 'boolean') return WireType.varint;
  if (kind === 'double') return WireType.fixed64;
  if (kind === 'float') return WireType.fixed32;
  // Strings, decimals, binaries; timestamps and intervals (two varints, no length) and arrays
  // are tagged length-delimited all the same, as the SDKs' writers tag them.
  return WireType.lengthDelimited;
}

export class RecordWriter {
  private readonly out = new WireWriter();
  private readonly crc = new Crc32c();
  private readonly crcOfCrcs = new Crc32c();
  private readonly scratch = Buffer.alloc(8);
  private readonly kinds: readonly CellKind[];
  private count = 0;

  constructor(kinds: readonly CellKind[]) {
    this.kinds = kinds;
  }

  /** Bytes written so far and not yet taken. */
  get buffered(): number {
    return this.out.length;
  }

  take(): Buffer {
    return this.out.take();
  }

  /** One row; `corruptChecksum` sends a wrong checksum for it (fault injection). */
  write(cells: readonly Cell[], corruptChecksum = false): void {
    this.crc.reset();
    this.kinds.forEach((kind, i) => {
      const cell = cells[i] ?? null;
      if (cell === null) return;
      this.crcInt32(i + 1);
      this.out.tag(i + 1, wireTypeOf(kind));
      this.value(kind, cell);
    });
    const checksum = (this.crc.value() ^ (corruptChecksum ? 0x5a5a5a5a : 0)) >>> 0;
    this.out.tag(TunnelTag.endRecord, WireType.varint);
    this.out.varint(checksum);
    this.scratch.writeUInt32LE(checksum, 0);
    this.crcOfCrcs.update(this.scratch, 0, 4);
    this.count += 1;
  }

  /** The trailer: how many rows this stream held, and the checksum of their checksums. */
  end(): void {
    this.out.tag(TunnelTag.metaCount, WireType.varint);
    this.out.sint64(BigInt(this.count));
    this.out.tag(TunnelTag.metaChecksum, WireType.varint);
    this.out.varint(this.crcOfCrcs.value());
  }

  private value(kind: CellKind, cell: Cell): void {
    if (typeof kind === 'object') {
      this.array(kind.array, cell as readonly Cell[]);
    } else if (kind === 'long') {
      this.out.sint64(cell as bigint);
      this.crcInt64(cell as bigint);
    } else if (kind === 'double' || kind === 'float') {
      const width = kind === 'double' ? 8 : 4;
      if (width === 8) this.out.double(cell as number);
      else this.out.float(cell as number);
      this.crc.update(this.out.tail(width));
    } else if (kind === 'boolean') {
      this.out.bool(cell as boolean);
      this.scratch[0] = cell ? 1 : 0;
      this.crc.update(this.scratch, 0, 1);
    } else if (kind === 'bytes') {
      this.out.bytes(cell as Uint8Array);
      this.crc.update(cell as Uint8Array);
    } else {
      const { seconds, nanos } = cell as SecondsNanos;
      this.out.sint64(seconds);
      this.crcInt64(seconds);
      this.out.sint32(nanos);
      this.crcInt32(nanos);
    }
  }

  /** Element count, then per element a NULL flag and, unless NULL, the value (no tags, flags unchecked). */
  private array(kind: CellKind, cells: readonly Cell[]): void {
    this.out.varint(cells.length);
    for (const cell of cells) {
      this.out.bool(cell === null);
      if (cell !== null) this.value(kind, cell);
    }
  }

  private crcInt32(value: number): void {
    this.scratch.writeInt32LE(value, 0);
    this.crc.update(this.scratch, 0, 4);
  }

  private crcInt64(value: bigint): void {
    this.scratch.writeBigInt64LE(value, 0);
    this.crc.update(this.scratch, 0, 8);
  }
}
