import { Readable } from 'node:stream';

/** What an export is read from: a Node stream or any async iterable of bytes, of unknown length. */
export type ExportBody = Readable | AsyncIterable<Uint8Array | string>;

/**
 * The caller's stream as lib-storage's Upload reads it, counted on the way through.
 *
 * Upload only pulls the next chunk when a part is free, so the source is read no faster than S3
 * takes it (at most a few parts ahead). The caller's signal is raced against every pull: an upload
 * whose source has stalled (a slow MaxCompute read) still ends at once, and since the error comes
 * out of the body, Upload aborts the multipart upload before it rejects, and never completes it.
 * Upload's own abortController is not used: its done() rejects at the abort without waiting for the
 * AbortMultipartUpload request, and a completion already under way goes on regardless.
 */
export class CountedBody {
  readonly readable: Readable;
  #bytes = 0;
  #sourceFailed = false;
  #sourceError: unknown;

  constructor(source: ExportBody, signal?: AbortSignal) {
    // objectMode off: the stream holds at most its byte highWaterMark beyond what Upload asked for.
    this.readable = Readable.from(this.#pull(source, signal), { objectMode: false });
  }

  /** Bytes handed to the upload so far: the object's size once the upload is done. */
  get bytes(): number {
    return this.#bytes;
  }

  /** The source's own failure, if the source (not S3, not the signal) ended the upload. */
  get sourceFailure(): { readonly error: unknown } | undefined {
    return this.#sourceFailed ? { error: this.#sourceError } : undefined;
  }

  async *#pull(source: ExportBody, signal: AbortSignal | undefined): AsyncGenerator<Buffer> {
    const iterator = (source as AsyncIterable<Uint8Array | string>)[Symbol.asyncIterator]();
    let drained = false;
    try {
      for (;;) {
        const next = await this.#next(iterator, signal);
        if (next.done) {
          drained = true;
          return;
        }
        const chunk = toBuffer(next.value);
        this.#bytes += chunk.byteLength;
        yield chunk;
      }
    } finally {
      if (!drained) release(source, iterator);
    }
  }

  async #next(
    iterator: AsyncIterator<Uint8Array | string>,
    signal: AbortSignal | undefined,
  ): Promise<IteratorResult<Uint8Array | string>> {
    try {
      return await untilAborted(iterator.next(), signal);
    } catch (error) {
      if (!signal?.aborted) {
        this.#sourceFailed = true;
        this.#sourceError = error;
      }
      throw error;
    }
  }
}

/**
 * Lets go of a source the upload stopped reading early, so that whatever feeds it stops too. A
 * Readable is destroyed: its iterator's return() would wait for the read in progress, which may
 * never come. Another iterable is asked to return, without waiting for the same reason.
 */
function release(source: ExportBody, iterator: AsyncIterator<unknown>): void {
  if (source instanceof Readable) source.destroy();
  else void Promise.resolve(iterator.return?.()).catch(() => undefined);
}

function untilAborted<T>(pending: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return pending;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    pending.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function toBuffer(chunk: Uint8Array | string): Buffer {
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}
