import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { S3RequestPresigner, type S3RequestPresignerOptions } from '@aws-sdk/s3-request-presigner';
import { isExportKey } from './export-key.ts';

/**
 * Presigned GETs of stored exports, made at the moment someone opens a download link
 * (download-links.ts says why the link is not itself presigned). Built on the SDK's S3 presigner
 * over a plain request, not on an S3Client and its commands: the Slack function answers the links,
 * and its bundle stays without the S3 client (about 400 KB). Signing makes no request to S3.
 */

export interface S3Location {
  readonly bucket: string;
  readonly region: string;
  /**
   * An S3-compatible server (the embedded one, `http://127.0.0.1:port`), addressed path-style;
   * without one, S3 itself, virtual-hosted style.
   */
  readonly endpoint?: string;
  /** The credentials the URL is signed with: the function's role on AWS. */
  readonly credentials: S3RequestPresignerOptions['credentials'];
}

/** How long a URL handed out on a click works: enough to start the download, which then runs on. */
export const CLICK_URL_SECONDS = 300;

export class S3ObjectPresigner {
  readonly #location: S3Location;
  readonly #presigner: S3RequestPresigner;

  constructor(location: S3Location) {
    this.#location = location;
    this.#presigner = new S3RequestPresigner({
      credentials: location.credentials,
      region: location.region,
      sha256: NodeSha256,
    });
  }

  /** A URL that GETs `objectKey` for `seconds` from `now`. */
  async presignGet(objectKey: string, now: Date, seconds = CLICK_URL_SECONDS): Promise<string> {
    if (!isExportKey(objectKey)) throw new RangeError(`not an export key: ${JSON.stringify(objectKey)}`);
    const { bucket, region, endpoint } = this.#location;
    const path = objectKey.split('/').map(encodeURIComponent).join('/');
    const url = endpoint
      ? new URL(`${endpoint.replace(/\/+$/, '')}/${bucket}/${path}`)
      : new URL(
          `https://${bucket}.s3.${region}.${region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com'}/${path}`,
        );
    const signed = await this.#presigner.presign(
      {
        method: 'GET',
        protocol: url.protocol,
        hostname: url.hostname,
        ...(url.port ? { port: Number(url.port) } : {}),
        path: url.pathname,
        query: {},
        headers: { host: url.host },
      },
      { expiresIn: seconds, signingDate: now },
    );
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(signed.query ?? {})) {
      for (const each of Array.isArray(value) ? value : [value]) if (each != null) query.append(name, each);
    }
    return `${url.origin}${url.pathname}?${query.toString()}`;
  }
}

/** SHA-256 and HMAC-SHA-256 as the signer wants them (its Checksum interface), from node:crypto. */
type SourceData = string | ArrayBuffer | ArrayBufferView;

class NodeSha256 {
  readonly #secret: string | Buffer | undefined;
  #hash: Hash | Hmac;

  constructor(secret?: SourceData) {
    this.#secret = secret === undefined ? undefined : bytesOf(secret);
    this.#hash = this.#fresh();
  }

  update(data: SourceData): void {
    this.#hash.update(bytesOf(data));
  }

  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.#hash.digest());
  }

  reset(): void {
    this.#hash = this.#fresh();
  }

  #fresh(): Hash | Hmac {
    return this.#secret === undefined ? createHash('sha256') : createHmac('sha256', this.#secret);
  }
}

function bytesOf(data: SourceData): string | Buffer {
  if (typeof data === 'string') return data;
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}
