import { Crc32c } from '@aws-crypto/crc32c';

/**
 * The CRC32C (Castagnoli) a tunnel record carries, fed the way the SDKs feed it: not the record's
 * bytes, but each present field's number as a little-endian int32 followed by its value in a fixed
 * form: integers and dates as little-endian int64, floats as their IEEE bytes, booleans as one byte,
 * strings and bytes as they are (docs/maxcompute-protocol.md, "Tunnel records: the checksums").
 */
export class RecordChecksum {
  #crc = new Crc32c();
  readonly #scratch = new Uint8Array(8);
  readonly #view = new DataView(this.#scratch.buffer);
  readonly #four = this.#scratch.subarray(0, 4);
  readonly #one = this.#scratch.subarray(0, 1);

  int32(value: number): void {
    this.#view.setInt32(0, value, true);
    this.#crc.update(this.#four);
  }

  /** A uint32 (a record's checksum, in the stream's checksum of checksums): same bytes as int32. */
  uint32(value: number): void {
    this.#view.setUint32(0, value, true);
    this.#crc.update(this.#four);
  }

  int64(value: bigint): void {
    this.#view.setBigInt64(0, value, true);
    this.#crc.update(this.#scratch);
  }

  bool(value: boolean): void {
    this.#one[0] = value ? 1 : 0;
    this.#crc.update(this.#one);
  }

  bytes(bytes: Uint8Array): void {
    this.#crc.update(bytes);
  }

  /** The checksum as the unsigned 32-bit number sent on the wire. */
  digest(): number {
    return this.#crc.digest();
  }

  reset(): void {
    this.#crc = new Crc32c();
  }
}
