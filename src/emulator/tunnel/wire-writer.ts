/**
 * The protobuf wire primitives the tunnel's record format is made of, written by hand into a
 * growing buffer (the client reads them with a library; sharing neither keeps a mistake from
 * hiding on both sides): base-128 varints, zigzag for signed values, little-endian fixed widths.
 */
export const WireType = { varint: 0, fixed64: 1, lengthDelimited: 2, fixed32: 5 } as const;

const TWO_63 = 1n << 63n;

export class WireWriter {
  private buf = Buffer.allocUnsafe(64 * 1024);
  private pos = 0;

  get length(): number {
    return this.pos;
  }

  /** The bytes written since the last take, copied out; the writer starts empty again. */
  take(): Buffer {
    const out = Buffer.from(this.buf.subarray(0, this.pos));
    this.pos = 0;
    return out;
  }

  tag(field: number, wireType: number): void {
    this.varint(field * 8 + wireType);
  }

  /** A non-negative integer up to 2^53 as a varint. */
  varint(value: number): void {
    this.room(10);
    let v = value;
    while (v >= 0x80) {
      this.buf[this.pos++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.pos++] = v;
  }

  /** A signed 64-bit value, zigzag-encoded: 0, -1, 1, -2 ... become 0, 1, 2, 3 ... */
  sint64(value: bigint): void {
    if (value >= -(2n ** 51n) && value < 2n ** 51n) {
      const n = Number(value);
      this.varint(n >= 0 ? n * 2 : -n * 2 - 1);
      return;
    }
    if (value < -TWO_63 || value >= TWO_63) throw new RangeError(`${value} does not fit in 64 bits`);
    let v = value >= 0n ? value << 1n : (-value << 1n) - 1n;
    this.room(10);
    while (v >= 0x80n) {
      this.buf[this.pos++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.buf[this.pos++] = Number(v);
  }

  sint32(value: number): void {
    this.varint(value >= 0 ? value * 2 : -value * 2 - 1);
  }

  bool(value: boolean): void {
    this.varint(value ? 1 : 0);
  }

  double(value: number): void {
    this.room(8);
    this.buf.writeDoubleLE(value, this.pos);
    this.pos += 8;
  }

  float(value: number): void {
    this.room(4);
    this.buf.writeFloatLE(value, this.pos);
    this.pos += 4;
  }

  /** Length as a varint, then the bytes. */
  bytes(bytes: Uint8Array): void {
    this.varint(bytes.length);
    this.room(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  /** The last `count` bytes written (for checksums over what was just put down). */
  tail(count: number): Buffer {
    return this.buf.subarray(this.pos - count, this.pos);
  }

  private room(bytes: number): void {
    if (this.pos + bytes <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + bytes));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }
}
