import { createHmac } from 'node:crypto';

/**
 * MaxCompute request signing, v2 and v4. Pure functions: the caller passes the clock's
 * reading, so the published vectors replay exactly.
 * See docs/maxcompute-protocol.md, "Signing (v2)", "Signing (v4)".
 */

export interface AccessKey {
  readonly accessId: string;
  readonly secret: string;
}

export interface SignableRequest {
  readonly method: string;
  /**
   * Path and query exactly as on the wire, relative to the endpoint: the endpoint's own path
   * (usually `/api`) is not part of the signed resource.
   */
  readonly resource: string;
  /** Header names in any case. Only Content-MD5, Content-Type, Date and x-odps-* are signed. */
  readonly headers: Readonly<Record<string, string>>;
}

const X_ODPS = 'x-odps-';

/** `aliyun_v4` is PyODPS's default key prefix ("corporation" in the Go SDK). */
const V4_KEY_PREFIX = 'aliyun_v4';
const V4_SERVICE = 'odps';
const V4_TERMINATOR = 'aliyun_v4_request';

export interface CanonicalOptions {
  /**
   * Reproduce PyODPS's double decoding, where a literal `+` in a query value signs as a space.
   * Off by default: the client decodes once, as the Java and Go SDKs do.
   * See docs/maxcompute-protocol.md, "Query decoding and the plus-sign quirk".
   */
  readonly plusAsSpace?: boolean;
}

/**
 * The string to sign: fixed lines, sorted x-odps-* lines, canonical resource; no trailing newline.
 * See docs/maxcompute-protocol.md, "Signing: the canonical string".
 */
export function canonicalString(request: SignableRequest, options: CanonicalOptions = {}): string {
  const signed = new Map<string, string>([
    ['content-md5', ''],
    ['content-type', ''],
  ]);
  for (const [name, value] of Object.entries(request.headers)) {
    const key = name.toLowerCase();
    if (key === 'content-md5' || key === 'content-type' || key === 'date' || key.startsWith(X_ODPS)) {
      signed.set(key, value);
    }
  }
  if (!signed.has('date')) throw new Error('A Date header is required to sign a MaxCompute request');

  const queryAt = request.resource.indexOf('?');
  const path = queryAt < 0 ? request.resource : request.resource.slice(0, queryAt);
  const params = parseQuery(queryAt < 0 ? '' : request.resource.slice(queryAt + 1), options.plusAsSpace === true);
  for (const [name, value] of params) {
    // x-odps-* query parameters are signed like headers and stay in the resource too.
    if (name.toLowerCase().startsWith(X_ODPS)) signed.set(name.toLowerCase(), value);
  }

  const lines: string[] = [request.method.toUpperCase()];
  for (const key of [...signed.keys()].sort(byCodePoint)) {
    const value = signed.get(key) ?? '';
    lines.push(key.startsWith(X_ODPS) ? `${key}:${value}` : value);
  }
  lines.push(canonicalResource(path, params));
  return lines.join('\n');
}

/** Decode once, as the Java and Go SDKs do: `%2B` stays `+`. Repeated names keep the last value. */
function parseQuery(query: string, plusAsSpace: boolean): Map<string, string> {
  const decode = plusAsSpace ? (text: string) => decodeURIComponent(text).replaceAll('+', ' ') : decodeURIComponent;
  const params = new Map<string, string>();
  if (query === '') return params;
  for (const part of query.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = decode(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? '' : decode(part.slice(eq + 1));
    params.delete(name);
    params.set(name, value);
  }
  return params;
}

function canonicalResource(path: string, params: Map<string, string>): string {
  const decodedPath = decodeURIComponent(path);
  if (params.size === 0) return decodedPath;
  const query = [...params.keys()]
    .sort(byCodePoint)
    .map((name) => {
      const value = params.get(name) ?? '';
      return value === '' ? name : `${name}=${value}`;
    })
    .join('&');
  return `${decodedPath}?${query}`;
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** v2: base64(HMAC-SHA1(secret, canonical)). */
export function signatureV2(secret: string, canonical: string): string {
  return createHmac('sha1', secret).update(canonical, 'utf8').digest('base64');
}

/** v4 signing key: an HMAC-SHA256 chain over day, region, service and terminator. */
export function deriveV4SigningKey(secret: string, day: string, region: string): Buffer {
  const kDate = hmacSha256(Buffer.from(V4_KEY_PREFIX + secret, 'utf8'), day);
  const kRegion = hmacSha256(kDate, region);
  const kService = hmacSha256(kRegion, V4_SERVICE);
  return hmacSha256(kService, V4_TERMINATOR);
}

/** v4: the signature itself is still HMAC-SHA1, keyed with the derived key. */
export function signatureV4(secret: string, day: string, region: string, canonical: string): string {
  return createHmac('sha1', deriveV4SigningKey(secret, day, region))
    .update(canonical, 'utf8')
    .digest('base64');
}

function hmacSha256(key: Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

/**
 * The Authorization header value. With a region the request is signed v4 with the scope day taken
 * from `now` (the clock, not the Date header); without one, v2.
 */
export function authorizationHeader(key: AccessKey, request: SignableRequest, now: Date, region?: string): string {
  const canonical = canonicalString(request);
  if (region === undefined || region === '') return `ODPS ${key.accessId}:${signatureV2(key.secret, canonical)}`;
  const day = utcDay(now);
  const scope = `${key.accessId}/${day}/${region}/${V4_SERVICE}/${V4_TERMINATOR}`;
  return `ODPS ${scope}:${signatureV4(key.secret, day, region, canonical)}`;
}

/** `yyyymmdd` in UTC. */
export function utcDay(now: Date): string {
  return now.toISOString().slice(0, 10).replaceAll('-', '');
}

/** RFC 1123 date as PyODPS sends it, e.g. `Fri, 15 Mar 2024 08:30:00 GMT`. */
export function httpDate(now: Date): string {
  return now.toUTCString();
}
