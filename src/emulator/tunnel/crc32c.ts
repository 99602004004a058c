/**
 * CRC32C (Castagnoli, reflected polynomial 0x82F63B78), written here so the emulator shares no
 * checksum code with the client (which uses a library): check value crc32c("123456789") = 0xE3069283.
 */
const TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** Incremental CRC32C: feed bytes, read the value, start again. */
export class Crc32c {
  private state = 0xffffffff;

  update(bytes: Uint8Array, start = 0, end = bytes.length): void {
    let crc = this.state;
    for (let i = start; i < end; i++) crc = (TABLE[(crc ^ (bytes[i] as number)) & 0xff] as number) ^ (crc >>> 8);
    this.state = crc;
  }

  value(): number {
    return (this.state ^ 0xffffffff) >>> 0;
  }

  reset(): void {
    this.state = 0xffffffff;
  }
}
