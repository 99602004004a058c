import type { Clock } from '../../shared/clock.ts';
import { isRetryable } from '../../shared/retry.ts';
import { backoffDelay, type RetryPolicy } from '../../shared/retry-policy.ts';
import {
  MaxComputeAbortedError,
  MaxComputeDecodeError,
  MaxComputeError,
  MaxComputeRequestError,
  MaxComputeServiceError,
} from '../errors.ts';
import type { InstanceRef } from '../instance-api.ts';
import type { RequestPipeline } from '../request-pipeline.ts';
import { decodedBody } from './body-decoding.ts';
import type { TunnelColumn, TunnelRow } from './columns.ts';
import { RecordStreamDecoder } from './record-stream.ts';
import { createDownloadSession, type DownloadSession, openRowRange } from './tunnel-api.ts';

/** The session is gone (expired, or forgotten by the server): unverified forms, so both are taken. */
function isExpiredSession(error: unknown): boolean {
  return (
    error instanceof MaxComputeServiceError &&
    (error.serviceCode === 'NoSuchDownload' ||
      /download\s*(session|id).*(expired|not found)/i.test(error.serviceMessage))
  );
}

/**
 * Reads a download session's rows range by range (docs/maxcompute-protocol.md, "Reading a result
 * through the tunnel"). Rows come as they are decoded, in batches; the next bytes are only read
 * when the consumer asks for more, so memory does not grow with the result. A range that fails on
 * the way (a cut connection, a 5xx, a damaged record) is asked for again from its first row not yet
 * handed out, never from the start of the result.
 */
export interface ResultReaderOptions {
  readonly signal?: AbortSignal;
  /** Rows per data request; 10,000 by default. */
  readonly rangeSize?: number;
  /** Ask for a deflate-compressed body (`Accept-Encoding: deflate`). */
  readonly compress?: boolean;
}

export interface TunnelReadContext {
  readonly pipeline: RequestPipeline;
  readonly clock: Clock;
  readonly retryPolicy: RetryPolicy;
  readonly random?: () => number;
}

export const DEFAULT_RANGE_SIZE = 10_000;

/** Sessions opened again after one expired mid-read, at most, before the read gives up. */
const MAX_SESSION_RENEWALS = 3;

export class ResultReader {
  readonly columns: readonly TunnelColumn[];
  readonly recordCount: number;
  readonly #context: TunnelReadContext;
  readonly #endpoint: string;
  readonly #ref: InstanceRef;
  readonly #options: ResultReaderOptions;
  #downloadId: string;
  #renewals = 0;

  constructor(
    context: TunnelReadContext,
    where: { readonly endpoint: string; readonly ref: InstanceRef },
    session: DownloadSession,
    options: ResultReaderOptions = {},
  ) {
    const rangeSize = options.rangeSize ?? DEFAULT_RANGE_SIZE;
    if (!Number.isSafeInteger(rangeSize) || rangeSize < 1) throw new RangeError('rangeSize must be a positive integer');
    new RecordStreamDecoder(session.columns); // refuses unsupported types now, before any row is read
    this.#downloadId = session.id;
    this.columns = session.columns;
    this.recordCount = session.recordCount;
    this.#context = context;
    this.#endpoint = where.endpoint;
    this.#ref = where.ref;
    this.#options = { ...options, rangeSize };
  }

  /** The download session being read (a new one after the first expired). */
  get downloadId(): string {
    return this.#downloadId;
  }

  /** Every row of the result, in order, in batches as they arrive. */
  async *rows(): AsyncGenerator<TunnelRow[]> {
    const size = this.#options.rangeSize ?? DEFAULT_RANGE_SIZE;
    for (let start = 0; start < this.recordCount; start += size) {
      yield* this.#range(start, Math.min(size, this.recordCount - start));
    }
  }

  async *#range(start: number, count: number): AsyncGenerator<TunnelRow[]> {
    let delivered = 0;
    let failures = 0;
    for (;;) {
      try {
        for await (const batch of this.#attempt(start + delivered, count - delivered)) {
          delivered += batch.length;
          failures = 0;
          yield batch;
        }
        return;
      } catch (error) {
        if (isExpiredSession(error) && (await this.#renewSession())) continue;
        failures += 1;
        const pause = this.#pause(error, failures);
        if (pause === undefined) throw error;
        await this.#context.clock.sleep(pause, this.#options.signal).catch((reason: unknown) => {
          throw new MaxComputeAbortedError(reason);
        });
      }
    }
  }

  async *#attempt(start: number, count: number): AsyncGenerator<TunnelRow[]> {
    const { signal, compress = false } = this.#options;
    const range = { downloadId: this.#downloadId, start, count, compress };
    const response = await openRowRange(this.#context.pipeline, this.#endpoint, this.#ref, range, { signal });
    const decoder = new RecordStreamDecoder(this.columns, start);
    try {
      for await (const chunk of decodedBody(response.body, response.headers['content-encoding'])) {
        const rows = decoder.push(chunk);
        if (rows.length > 0) yield rows;
      }
      const last = decoder.finish();
      if (last.length > 0) yield last;
    } catch (error) {
      throw this.#asClientError(error);
    } finally {
      response.body.destroy();
    }
    if (decoder.records !== count) {
      throw new MaxComputeDecodeError(
        'tunnel records',
        `asked for ${count} rows from row ${start}, got ${decoder.records}`,
      );
    }
  }

  /**
   * A session can end before its result is read (MaxCompute's last a day): a new one on the same
   * result goes on from the first row not yet handed out. The same row count is required, else the
   * rows already handed out might not belong with the rest.
   */
  async #renewSession(): Promise<boolean> {
    if (this.#renewals >= MAX_SESSION_RENEWALS) return false;
    this.#renewals += 1;
    const { signal } = this.#options;
    const session = await createDownloadSession(this.#context.pipeline, this.#endpoint, this.#ref, { signal });
    if (session.recordCount !== this.recordCount) {
      throw new MaxComputeDecodeError(
        'tunnel session',
        `a new session counts ${session.recordCount} rows where the first counted ${this.recordCount}`,
      );
    }
    this.#downloadId = session.id;
    return true;
  }

  /** A failure while the body flowed: the caller's abort, or a cut or silent connection (retryable). */
  #asClientError(error: unknown): MaxComputeError {
    if (error instanceof MaxComputeError) return error;
    if (this.#options.signal?.aborted) return new MaxComputeAbortedError(this.#options.signal.reason);
    const reason = error instanceof Error ? error.message : String(error);
    return new MaxComputeRequestError(`Reading tunnel rows failed: ${reason}`, { cause: error, connected: true });
  }

  #pause(error: unknown, failures: number): number | undefined {
    const { retryPolicy, random } = this.#context;
    if (failures > retryPolicy.retries || !isRetryable(error) || this.#options.signal?.aborted) return undefined;
    const retryAfter = error instanceof MaxComputeServiceError ? error.retryAfterSeconds : undefined;
    return retryAfter === undefined ? backoffDelay(retryPolicy, failures, random) : retryAfter * 1000;
  }
}
