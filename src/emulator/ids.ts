import { randomBytes } from 'node:crypto';

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * The observed id shape: UTC yyyyMMddHHmmss + 3-digit ms (17 digits), 'g', 8 random [a-z0-9].
 * See docs/maxcompute-protocol.md, "Instance ids and input validation".
 */
export function defaultInstanceId(nowMs: number, random: () => number): string {
  const stamp = new Date(nowMs).toISOString().replace(/[-:TZ.]/g, '');
  let suffix = '';
  for (let i = 0; i < 8; i++) suffix += ID_ALPHABET[Math.floor(random() * ID_ALPHABET.length)] ?? 'x';
  return `${stamp}g${suffix}`;
}

/** Request ids: 24 hex chars, a per-process random part and a counter, so they never repeat. */
export class RequestIds {
  private readonly base = randomBytes(6).toString('hex').toUpperCase();
  private counter = 0;

  next(): string {
    this.counter += 1;
    return `${this.base}${this.counter.toString(16).toUpperCase().padStart(12, '0')}`;
  }
}
