import { createReadStream } from 'node:fs';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { isInstanceId, isProjectName } from '../shared/maxcompute-names.ts';
import type { InstanceKey } from '../tracker/ports.ts';
import { CountedBody, type ExportBody } from './export-body.ts';
import type { ExportFile } from './export-file.ts';
import type { ExportDownload, ExportStore } from './export-store.ts';
import { ExportStoreAbortedError, toExportStoreError } from './export-store-errors.ts';

/**
 * Query results too big for Slack, kept in S3 for a while and handed out as a presigned link (issue
 * #15). Objects live under `exports/<project>/<instanceId>/<filename>`; the bucket's lifecycle rule
 * (infra/export-bucket.yml) deletes them after the same number of days the link is valid, and the
 * worker's role may write, read and abort uploads under that prefix only (infra/iam.yml).
 */

/** Every export key starts with this: the lifecycle rule and the IAM grant name the same prefix. */
export const EXPORT_PREFIX = 'exports/';
/** SigV4 query signing accepts X-Amz-Expires of at most seven days; longer TTLs are clamped to it. */
export const MAX_PRESIGN_SECONDS = 604_800;
export const DEFAULT_EXPORT_TTL_DAYS = 7;
/** 8 MiB parts: above S3's 5 MiB minimum, and 10,000 parts still make an 80 GiB object. */
export const EXPORT_PART_SIZE = 8 * 1024 * 1024;
/** Two parts in flight keep the connection busy while the next one is read; memory stays near three parts. */
const DEFAULT_QUEUE_SIZE = 2;

/** A file name, not a path: it ends the key and is the name the browser saves. */
const FILENAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}$/;
const CONTENT_TYPES = { 'text/csv': 'text/csv; charset=utf-8', 'application/gzip': 'application/gzip' } as const;
export type ExportContentType = keyof typeof CONTENT_TYPES;

export interface S3ExportStoreOptions {
  readonly client: S3Client;
  readonly bucket: string;
  /** How long the link works: ODPS_EXPORT_TTL_DAYS, 7 by default (and at most 7: {@link MAX_PRESIGN_SECONDS}). */
  readonly ttlDays?: number;
  /** The same in seconds, taking precedence over ttlDays: tests use a link that expires in one second. */
  readonly ttlSeconds?: number;
  readonly partSize?: number;
  /** Parts uploaded at once. */
  readonly queueSize?: number;
  /** Epoch milliseconds: the links' signing time. */
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

export interface ExportLink {
  /** A presigned GET. Anyone holding it can read the export until it expires: post it, never log it. */
  readonly url: string;
  readonly expiresAt: Date;
  /**
   * A presigned URL stops working when the credentials that signed it expire, whatever its
   * X-Amz-Expires says. On Lambda those are the role's temporary credentials (hours, not days), so
   * expiresAt is then the credentials' expiry and this is true.
   */
  readonly limitedByCredentials: boolean;
}

export interface StoredExport extends ExportLink {
  readonly bucket: string;
  readonly key: string;
  /** Bytes stored. */
  readonly size: number;
}

export class S3ExportStore implements ExportStore {
  readonly bucket: string;
  /** What a link is signed for: the TTL, clamped to what SigV4 accepts. */
  readonly linkSeconds: number;
  readonly #client: S3Client;
  readonly #partSize: number;
  readonly #queueSize: number;
  readonly #now: () => number;

  constructor(options: S3ExportStoreOptions) {
    const ttlSeconds = options.ttlSeconds ?? (options.ttlDays ?? DEFAULT_EXPORT_TTL_DAYS) * 86_400;
    if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1)
      throw new RangeError('the export TTL must be a positive whole number of seconds');
    this.#client = options.client;
    this.bucket = options.bucket;
    this.linkSeconds = Math.min(ttlSeconds, MAX_PRESIGN_SECONDS);
    this.#partSize = options.partSize ?? EXPORT_PART_SIZE;
    this.#queueSize = options.queueSize ?? DEFAULT_QUEUE_SIZE;
    this.#now = options.now ?? Date.now;
  }

  /**
   * Streams the body to S3 as a multipart upload (one PutObject when it is smaller than a part),
   * then signs a link to it. Rejects with an ExportStoreError: `export_store_aborted` when the
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
    return { bucket: this.bucket, key, size: body.bytes, ...(await this.link(key)) };
  }

  /** A new link to an export already stored (signing makes no request to S3). */
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

  async link(key: string): Promise<ExportLink> {
    if (!key.startsWith(EXPORT_PREFIX)) throw new RangeError(`not an export key: ${JSON.stringify(key)}`);
    try {
      const signedAt = this.#now();
      // The same identity the presigner is about to sign with: the SDK caches it until near its expiry.
      const identity = await this.#client.config.credentials();
      const url = await getSignedUrl(this.#client, new GetObjectCommand({ Bucket: this.bucket, Key: key }), {
        expiresIn: this.linkSeconds,
        signingDate: new Date(signedAt),
      });
      const linkEnd = signedAt + this.linkSeconds * 1000;
      const credentialsEnd = identity.expiration?.getTime();
      const limitedByCredentials = credentialsEnd !== undefined && credentialsEnd < linkEnd;
      return { url, expiresAt: new Date(limitedByCredentials ? credentialsEnd : linkEnd), limitedByCredentials };
    } catch (error) {
      throw toExportStoreError('link', error);
    }
  }
}

/** `exports/<project>/<instanceId>/<filename>`, each part checked so that no input can change the path. */
export function exportKey(project: string, instanceId: string, filename: string): string {
  if (!isProjectName(project)) throw new RangeError(`not a MaxCompute project name: ${JSON.stringify(project)}`);
  if (!isInstanceId(instanceId)) throw new RangeError(`not a MaxCompute instance id: ${JSON.stringify(instanceId)}`);
  if (!FILENAME.test(filename)) throw new RangeError(`not an export file name: ${JSON.stringify(filename)}`);
  return `${EXPORT_PREFIX}${project}/${instanceId}/${filename}`;
}
