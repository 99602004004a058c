import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { withoutSdkLogging } from '../observability/without-sdk-logging.ts';
import type { S3Location } from './s3-object-presigner.ts';
import { type S3Operation, type S3Request, s3RequestOf } from './s3-operations.ts';

/**
 * An S3-compatible server in this process, on 127.0.0.1, storing objects in a temporary directory:
 * what `npm start` and the tests give the export store instead of a bucket, so the code that runs on
 * AWS runs locally against a real HTTP server speaking S3's protocol.
 *
 * The server is s3rver in its maintained fork, @20minutes/s3rver, kept at 4.0.x: the original s3rver
 * (3.7.1, 2021) does not check SigV4 signatures at all, the fork checks them on object requests and
 * on presigned URLs (a tampered or expired link is refused as S3 refuses it), and its 5.x needs
 * Node 24. It is a devDependency: npm ci installs it for `npm start`, and no function's bundle
 * imports this file (test/infra/serverless-package.test.ts checks).
 *
 * Two gaps of the fork are covered here. It has no AbortMultipartUpload (DELETE with an uploadId
 * answers 405), so this front answers it, discarding the upload's parts from the fork's store
 * without checking the signature. And it refuses the SDK's signatures on bucket-level requests
 * (CreateBucket, ListObjectsV2), so the bucket is made directly in its store; the export store only
 * makes object requests.
 */
interface S3rverApp {
  configureBuckets(): Promise<unknown>;
  callback(): (request: IncomingMessage, response: ServerResponse) => void;
  readonly store: { getResourcePath(bucket: string, key: string | undefined, resource: string): string };
}
interface S3rverOptions {
  readonly silent: boolean;
  readonly directory: string;
  readonly configureBuckets: readonly { readonly name: string }[];
}
// CommonJS without types: the class, and the few members used here.
const S3rver = createRequire(import.meta.url)('@20minutes/s3rver') as new (options: S3rverOptions) => S3rverApp;

export const LOCAL_S3_REGION = 'us-east-1';
/** The one key pair s3rver knows; it checks signatures with it. */
export const LOCAL_S3_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;
export const LOCAL_EXPORT_BUCKET = 'odps-chatops-exports';

/** One request as the server answered it. */
export interface S3RequestRecord {
  readonly operation: S3Operation;
  readonly method: string;
  readonly bucket: string | undefined;
  readonly key: string | undefined;
  readonly status: number;
  /** The `x-amz-server-side-encryption` the request asked for. */
  readonly serverSideEncryption: string | undefined;
}

export interface EmbeddedS3Options {
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  readonly bucket?: string;
  /** Called as each response is finished: what the client really asked of S3. */
  readonly onRequest?: (record: S3RequestRecord) => void;
}

export interface EmbeddedS3 {
  /** `http://127.0.0.1:<port>`: the client's endpoint, path-style. */
  readonly endpoint: string;
  readonly bucket: string;
  readonly region: string;
  /** Stops the server and deletes everything it stored. */
  close(): Promise<void>;
}

/**
 * s3rver's request log stays on but silent (it has no off switch); its logger is not closed, as a
 * line logged after closing is printed as a warning, and its lines hold presigned URLs.
 */
export async function startEmbeddedS3(options: EmbeddedS3Options = {}): Promise<EmbeddedS3> {
  const bucket = options.bucket ?? LOCAL_EXPORT_BUCKET;
  const directory = await mkdtemp(join(tmpdir(), 'odps-s3-'));
  const s3rver = new S3rver({ silent: true, directory, configureBuckets: [{ name: bucket }] });
  await s3rver.configureBuckets();
  const forward = s3rver.callback();
  const server = createServer((request, response) => {
    const parsed = s3RequestOf(request.method ?? 'GET', request.url ?? '/', 'x-amz-copy-source' in request.headers);
    response.once('close', () => options.onRequest?.(recordOf(request, response, parsed)));
    if (parsed.operation === 'AbortMultipartUpload') {
      abortUpload(s3rver, parsed, response).catch(() => {
        if (!response.headersSent) response.writeHead(500);
        response.end();
      });
    } else forward(request, response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    region: LOCAL_S3_REGION,
    close: async () => {
      await new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      });
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/** A client for the embedded server: path-style (the bucket is not a host name here), its key pair. */
/** The embedded server's bucket as the download links' presigner addresses it (path-style, its key pair). */
export function localS3Location(s3: { readonly endpoint: string; readonly bucket: string }): S3Location {
  return {
    bucket: s3.bucket,
    region: LOCAL_S3_REGION,
    endpoint: s3.endpoint,
    credentials: { ...LOCAL_S3_CREDENTIALS },
  };
}

export function localS3Client(endpoint: string, maxAttempts = 1): S3Client {
  return withoutSdkLogging(
    new S3Client({
      endpoint,
      region: LOCAL_S3_REGION,
      forcePathStyle: true,
      credentials: { ...LOCAL_S3_CREDENTIALS },
      maxAttempts,
    }),
  );
}

/** What S3 does: the upload and its parts are gone, and NoSuchUpload for one that is not there. */
async function abortUpload(s3rver: S3rverApp, request: S3Request, response: ServerResponse): Promise<void> {
  const { bucket, key, uploadId = '' } = request;
  // The fork names uploads with 32 hex digits; anything else cannot be one, nor a path.
  const directory =
    bucket !== undefined && /^[0-9a-f]{32}$/.test(uploadId)
      ? join(s3rver.store.getResourcePath(bucket, undefined, 'uploads'), uploadId)
      : undefined;
  const storedKey = directory && (await readFile(join(directory, 'key'), 'utf8').catch(() => undefined));
  if (directory === undefined || storedKey !== key) {
    response.writeHead(404, { 'content-type': 'application/xml' });
    response.end(
      `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchUpload</Code><Message>The specified upload does not exist.</Message></Error>`,
    );
    return;
  }
  await rm(directory, { recursive: true, force: true });
  response.writeHead(204).end();
}

function recordOf(request: IncomingMessage, response: ServerResponse, parsed: S3Request): S3RequestRecord {
  const encryption = request.headers['x-amz-server-side-encryption'];
  return {
    operation: parsed.operation,
    method: request.method ?? 'GET',
    bucket: parsed.bucket,
    key: parsed.key,
    status: response.statusCode,
    serverSideEncryption: typeof encryption === 'string' ? encryption : undefined,
  };
}
