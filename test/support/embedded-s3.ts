import { createHash } from 'node:crypto';
import { after } from 'node:test';
import type { S3Client } from '@aws-sdk/client-s3';
import {
  type EmbeddedS3,
  type EmbeddedS3Options,
  localS3Client,
  type S3RequestRecord,
  startEmbeddedS3,
} from '../../src/export/embedded-s3.ts';
import { seededRandom } from './seeded-random.ts';

/**
 * The embedded S3 server exactly as `npm start` runs it, with every request it answers recorded,
 * and a client on it that does not retry (tests see every failure); both closed after the file's tests.
 */
export async function useEmbeddedS3(
  options: Omit<EmbeddedS3Options, 'onRequest'> = {},
): Promise<{ s3: EmbeddedS3; client: S3Client; records: S3RequestRecord[] }> {
  const records: S3RequestRecord[] = [];
  const s3 = await startEmbeddedS3({ ...options, onRequest: (record) => records.push(record) });
  const client = localS3Client(s3.endpoint);
  after(async () => {
    client.destroy();
    await s3.close();
  });
  return { s3, client, records };
}

/**
 * `total` pseudo-random bytes in 64 KiB chunks, made only as they are asked for, and the SHA-256 of
 * all of them once the last is made: a large upload without a large buffer.
 */
export function seededBytes(
  total: number,
  seed = 15,
): { readonly chunks: AsyncGenerator<Buffer>; readonly pulled: () => number; readonly sha256: () => string } {
  const random = seededRandom(seed);
  const hash = createHash('sha256');
  let pulled = 0;
  let digest = '';
  async function* chunks(): AsyncGenerator<Buffer> {
    while (pulled < total) {
      const size = Math.min(64 * 1024, total - pulled);
      const words = new Uint32Array(Math.ceil(size / 4)).map(() => Math.floor(random() * 2 ** 32));
      const chunk = Buffer.from(words.buffer, 0, size);
      hash.update(chunk);
      pulled += size;
      yield chunk;
    }
    digest = hash.digest('hex');
  }
  return { chunks: chunks(), pulled: () => pulled, sha256: () => digest };
}

/** A few buffers as the async iterable an export body is. */
export async function* chunksOf(...chunks: readonly Uint8Array[]): AsyncGenerator<Uint8Array> {
  yield* chunks;
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
