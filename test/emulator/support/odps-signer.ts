import { createHmac } from 'node:crypto';
import { request } from 'undici';

/**
 * A tiny MaxCompute request signer for the identity tests, written from the protocol doc
 * (docs/maxcompute-protocol.md, "Signing: the canonical string", "Signing (v2)" and "Signing (v4)")
 * and sharing nothing with src/maxcompute or the emulator: the temporary credentials the STS
 * stand-in issues must work with any correct signer, not only with the product's.
 */
export interface SigningKey {
  readonly accessKeyId: string;
  readonly secret: string;
  /** Sent as `authorization-sts-token`, unsigned; omitted when undefined. */
  readonly securityToken?: string;
}

export interface OdpsReply {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

export interface OdpsRequest {
  readonly method: string;
  /** Relative to the endpoint, with its query: `/projects/p/instances/id?result`. */
  readonly resource: string;
  readonly body?: string;
  readonly contentType?: string;
  /** Signs v4 with this region when set, v2 otherwise. */
  readonly region?: string;
}

export async function sendSigned(endpoint: string, key: SigningKey, call: OdpsRequest, nowMs: number) {
  const date = new Date(nowMs);
  const headers: Record<string, string> = { Date: date.toUTCString() };
  if (call.contentType !== undefined) headers['Content-Type'] = call.contentType;
  headers.Authorization = authorization(key, call, headers, date);
  if (key.securityToken !== undefined) headers['authorization-sts-token'] = key.securityToken;
  const response = await request(endpoint + call.resource, { method: call.method as 'GET', headers, body: call.body });
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return { status: response.statusCode, headers: flat, body: await response.body.text() } satisfies OdpsReply;
}

function authorization(key: SigningKey, call: OdpsRequest, headers: Record<string, string>, date: Date): string {
  const text = canonical(call, headers);
  if (call.region === undefined) {
    return `ODPS ${key.accessKeyId}:${createHmac('sha1', key.secret).update(text).digest('base64')}`;
  }
  const day = date.toISOString().slice(0, 10).replaceAll('-', '');
  let signingKey = Buffer.from(`aliyun_v4${key.secret}`);
  for (const part of [day, call.region, 'odps', 'aliyun_v4_request']) {
    signingKey = createHmac('sha256', signingKey).update(part).digest();
  }
  const signature = createHmac('sha1', signingKey).update(text).digest('base64');
  return `ODPS ${key.accessKeyId}/${day}/${call.region}/odps/aliyun_v4_request:${signature}`;
}

/** METHOD, Content-MD5, Content-Type, Date, then the path and its sorted parameters (none are x-odps- here). */
function canonical(call: OdpsRequest, headers: Record<string, string>): string {
  const [path = '', query = ''] = call.resource.split('?');
  const params = query === '' ? [] : query.split('&').map((pair) => pair.split('=').map(decodeURIComponent));
  const sorted = params
    .sort(([a = ''], [b = '']) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name = '', value = '']) => (value === '' ? name : `${name}=${value}`));
  const resource = decodeURIComponent(path) + (sorted.length > 0 ? `?${sorted.join('&')}` : '');
  return [call.method, '', headers['Content-Type'] ?? '', headers.Date ?? '', resource].join('\n');
}
