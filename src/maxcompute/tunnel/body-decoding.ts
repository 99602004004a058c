import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createInflate, createInflateRaw } from 'node:zlib';
import { MaxComputeDecodeError } from '../errors.ts';

/**
 * A tunnel body as bytes, whatever `Content-Encoding` the server chose: none, `deflate` (zlib-wrapped
 * as HTTP says, or raw, told apart by the first two bytes) or `gzip`. The Java SDK's snappy and LZ4
 * framings are never asked for, and are refused if sent.
 */
export function decodedBody(body: AsyncIterable<Buffer>, contentEncoding: string | undefined): AsyncIterable<Buffer> {
  const encoding = (contentEncoding ?? '').trim().toLowerCase();
  if (encoding === '' || encoding === 'identity') return body;
  if (encoding === 'deflate' || encoding === 'gzip') return inflated(body, encoding);
  throw new MaxComputeDecodeError('tunnel records', `the body's Content-Encoding ${encoding} is not supported`, {
    retryable: false,
  });
}

async function* inflated(body: AsyncIterable<Buffer>, encoding: 'deflate' | 'gzip'): AsyncGenerator<Buffer> {
  const iterator = body[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) return;
  const head = first.value;
  // A zlib header: compression method 8 in the low nibble, and the two bytes a multiple of 31.
  const zlibWrapped =
    head.length >= 2 &&
    ((head[0] as number) & 0x0f) === 8 &&
    ((head[0] as number) * 256 + (head[1] as number)) % 31 === 0;
  const inflater = encoding === 'gzip' ? createGunzip() : zlibWrapped ? createInflate() : createInflateRaw();
  const rest = async function* () {
    yield head;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  };
  const done = pipeline(Readable.from(rest()), inflater);
  done.catch(() => undefined); // the same failure surfaces from the iteration below
  yield* inflater as AsyncIterable<Buffer>;
  await done;
}
