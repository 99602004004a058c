import { createReadStream } from 'node:fs';
import type { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { InstanceKey } from '../tracker/ports.ts';
import type { DownloadLinks } from './download-links.ts';
import { CountedBody, type ExportBody } from './export-body.ts';
import type { ExportFile } from './export-file.ts';
import { exportKey } from './export-key.ts';
import type { ExportDownload, ExportStore } from './export-store.ts';
import { ExportStoreAbortedError, toExportStoreError } from './export-store-errors.ts';

/**
 * Query results too big for Slack, kept in S3 for a while and handed out as a download link to the
 * app (download-links.ts), valid as long as the object is kept (issue #15). Objects live under
 * `exports/<project>/<instanceId>/<filename>` (export-key.ts); the bucket's lifecycle rule
 * (infra/export-bucket.yml) deletes them after the same number of days the link is valid, and the
 * worker's role may only write and abort uploads under that prefix (infra/iam.yml).
 */

export const DEFAULT_EXPORT_TTL_DAYS = 7;
/** 8 MiB parts: above S3's 5 MiB minimum, and 10,000 parts still make an 80 GiB object. */
export const EXPORT_PART_SIZE = 8 * 1024 * 1024;
/** Two parts in flight keep the connection busy while the next one is read; memory stays near three parts. */
const DEFAULT_QUEUE_SIZE = 2;

const CONTENT_TYPES = { 'text/csv': 'text/csv; charset=utf-8', 'application/gzip': 'application/gzip' } as const;
export type ExportContentType = keyof typeof CONTENT_TYPES;

export interface S3ExportStoreOptions {
  readonly client: S3Client;
  readonly bucket: string;
  /** Mints the link each stored export is handed out with. */
  readonly links: DownloadLinks;
  /** How long the link works: ODPS_EXPORT_TTL_DAYS, 7 by default. */
  readonly ttlDays?: number;
  /** The same in seconds, taking precedence over ttlDays: tests use a link that expires in one second. */
  readonly ttlSeconds?: number;
  readonly partSize?: number;
  /** Parts uploaded at once. */
  readonly queueSize?: number;
  /** Epoch milliseconds: when a link's life starts. */
  readonly now?: () => number;
}

export interface ExportRequest {
  readonly project: string;
  readonly instanceId: string;
  /** e.g. `result.csv` or `result.csv.gz`: letters, digits, `.`, `_`, `-`. */
  readonly filename: string;
  /** `application/gzip` for a gzipped CSV: never sent as Content-Encoding, so it downloads as the .gz it is. */
  readonly contentType: ExportContentType;
  readonly body: ExportBody;
  readonly signal?: AbortSignal;
}

export interface StoredExport {
  /** The download link. Anyone holding it can read the export until it expires: post it, never log it. */
  readonly url: string;
  readonly expiresAt: Date;
  readonly bucket: string;
  readonly key: string;
  /** Bytes stored. */
  readonly size: number;
}

export class S3ExportStore implements ExportStore {
  readonly bucket: string;
  /** How long a link works. */
  readonly linkSeconds: number;
  readonly #client: S3Client;
  readonly #links: DownloadLinks;
  readonly #partSize: number;
  readonly #queueSize: number;
  readonly #now: () => number;

  constructor(options: S3ExportStoreOptions) {
    const ttlSeconds = options.ttlSeconds ?? (options.ttlDays ?? DEFAULT_EXPORT_TTL_DAYS) * 86_400;
    if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1)
      throw new RangeError('the export TTL must be a positive whole number of seconds');
    this.#client = options.client;
    this.bucket = options.bucket;
    this.#links = options.links;
    this.linkSeconds = ttlSeconds;
    this.#partSize = options.partSize ?? EXPORT_PART_SIZE;
    this.#queueSize = options.queueSize ?? DEFAULT_QUEUE_SIZE;
    this.#now = options.now ?? Date.now;
  }

  /**
   * Streams the body to S3 as a multipart upload (one PutObject when it is smaller than a part),
   * then mints its link, which works {@link linkSeconds} from now. Rejects with an ExportStoreError: `export_store_aborted` when the
   * signal ended it (the multipart upload is aborted, no object is left), `export_store_unavailable`
   * when S3 failed (`retryable` says whether to try again). A failing source rejects with the
   * source's own error, after the multipart upload was aborted. A signal that fires after the last
   * byte was read no longer stops anything: the upload completes and is returned.
   */
  async upload(request: ExportRequest): Promise<StoredExport> {
    const key = exportKey(request.project, request.instanceId, request.filename);
    if (request.signal?.aborted) throw new ExportStoreAbortedError(request.signal.reason);
    const body = new CountedBody(request.body, request.signal);
    const upload = new Upload({
      client: this.#client,
      partSize: this.#partSize,
      queueSize: this.#queueSize,
      leavePartsOnError: false,
      params: {
        Bucket: this.bucket,
        Key: key,
        Body: body.readable,
        ContentType: CONTENT_TYPES[request.contentType],
        ContentDisposition: `attachment; filename="${request.filename}"`,
        // Requested on every object even though the bucket encrypts by default: a bucket set up
        // by hand without default encryption still gets encrypted exports.
        ServerSideEncryption: 'AES256',
      },
    });
    try {
      await upload.done();
    } catch (error) {
      if (request.signal?.aborted) throw new ExportStoreAbortedError(request.signal.reason);
      const failure = body.sourceFailure;
      if (failure) throw failure.error;
      throw toExportStoreError('upload', error);
    }
    const expiresAt = new Date(Math.floor((this.#now() + this.linkSeconds * 1000) / 1000) * 1000);
    return { bucket: this.bucket, key, size: body.bytes, url: this.#links.mint(key, expiresAt), expiresAt };
  }

  /** The exporter's port (export-store.ts): a file written on local disk, streamed up, and its link. */
  async store(key: InstanceKey, file: ExportFile, signal?: AbortSignal): Promise<ExportDownload> {
    const stored = await this.upload({
      project: key.project,
      instanceId: key.instanceId,
      filename: file.filename,
      contentType: file.gzip ? 'application/gzip' : 'text/csv',
      body: createReadStream(file.path),
      ...(signal ? { signal } : {}),
    });
    return { url: stored.url, expiresAt: stored.expiresAt };
  }
}
