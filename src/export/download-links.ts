import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { isExportKey } from './export-key.ts';

/**
 * Links to stored exports that work for as long as the export is kept (ODPS_EXPORT_TTL_DAYS), which
 * a presigned S3 URL cannot promise: it dies with the credentials that signed it, and on Lambda those
 * are the role's, good for hours. So the thread gets a link to the app itself, `<base>/exports/<token>`,
 * whose token names the object and the link's end and is signed with a key only the app holds. A
 * click is answered (src/runtime/export-download.ts) by checking the token and redirecting to an S3
 * URL presigned at that moment for a few minutes.
 *
 * The key is derived from the Slack signing secret (HKDF-SHA256 with this purpose as its info), so
 * no new secret is deployed and the derived key is useless for anything else; rotating the signing
 * secret ends every outstanding link. The token is not encrypted: the object's key (project, instance
 * id, file name) is in it, readable, which the thread shows anyway.
 */

const KEY_INFO = 'odps-chatops export download links v1';
/** Tokens longer than this are refused before any work: a real one is about 170 characters. */
const MAX_TOKEN_LENGTH = 1024;
/** Where the links live on the app's host; the route that answers them matches the same prefix. */
export const DOWNLOAD_PATH_PREFIX = '/exports/';

export interface DownloadLinksOptions {
  /** The Slack signing secret, from which the links' key is derived. */
  readonly secret: string;
  /**
   * Where the app answers HTTP (API Gateway's URL on AWS, the local app's server with `npm start`).
   * A function, because the local app knows its port only once it listens.
   */
  readonly baseUrl: string | (() => string);
}

export type LinkCheck =
  | { readonly kind: 'valid'; readonly objectKey: string; readonly expiresAt: Date }
  | { readonly kind: 'expired'; readonly objectKey: string; readonly expiresAt: Date }
  | { readonly kind: 'invalid' };

interface Payload {
  /** The object's key, under exports/. */
  readonly k: string;
  /** The link's end, epoch seconds. */
  readonly e: number;
}

export class DownloadLinks {
  readonly #key: Buffer;
  readonly #baseUrl: () => string;

  constructor(options: DownloadLinksOptions) {
    if (options.secret === '') throw new RangeError('download links need a secret');
    this.#key = Buffer.from(hkdfSync('sha256', options.secret, '', KEY_INFO, 32));
    const { baseUrl } = options;
    this.#baseUrl = typeof baseUrl === 'string' ? () => baseUrl : baseUrl;
  }

  /** The link to `objectKey` that works until `expiresAt` (whole seconds). */
  mint(objectKey: string, expiresAt: Date): string {
    if (!isExportKey(objectKey)) throw new RangeError(`not an export key: ${JSON.stringify(objectKey)}`);
    const payload: Payload = { k: objectKey, e: Math.floor(expiresAt.getTime() / 1000) };
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${this.#baseUrl().replace(/\/+$/, '')}${DOWNLOAD_PATH_PREFIX}${body}.${this.#mac(body).toString('base64url')}`;
  }

  /** What the path of a request names: the token's object and end, if the app signed it. */
  check(path: string, now: Date): LinkCheck {
    const token = path.startsWith(DOWNLOAD_PATH_PREFIX) ? path.slice(DOWNLOAD_PATH_PREFIX.length) : '';
    const payload = token.length <= MAX_TOKEN_LENGTH ? this.#verified(token) : undefined;
    if (payload === undefined) return { kind: 'invalid' };
    const expiresAt = new Date(payload.e * 1000);
    const kind = now.getTime() < expiresAt.getTime() ? 'valid' : 'expired';
    return { kind, objectKey: payload.k, expiresAt };
  }

  #verified(token: string): Payload | undefined {
    const [body, mac, extra] = token.split('.');
    if (body === undefined || mac === undefined || extra !== undefined) return undefined;
    const given = Buffer.from(mac, 'base64url');
    // Decoding ignores a last character's spare bits and stray characters: only the one spelling counts.
    if (given.toString('base64url') !== mac) return undefined;
    const expected = this.#mac(body);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    // Signed by this app, so the JSON is ours; it is still checked, as a rotated format might differ.
    try {
      const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Partial<Payload>;
      if (typeof payload.k !== 'string' || !isExportKey(payload.k)) return undefined;
      if (typeof payload.e !== 'number' || !Number.isSafeInteger(payload.e)) return undefined;
      return { k: payload.k, e: payload.e };
    } catch {
      return undefined;
    }
  }

  #mac(body: string): Buffer {
    return createHmac('sha256', this.#key).update(body).digest();
  }
}
