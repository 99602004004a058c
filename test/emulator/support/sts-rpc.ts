import { createHmac, randomUUID } from 'node:crypto';
import { request } from 'undici';

/**
 * Raw RPC calls to the STS stand-in, signed as Alibaba Cloud documents the HMAC-SHA1 signature,
 * for what Alibaba's SDK will not send: a replayed nonce, a stale Timestamp, a form body, another
 * Version or Action. Written from the documentation, not from the stand-in's code.
 */
export interface StsReply {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

export interface RpcOptions {
  readonly accessKeyId: string;
  readonly secret: string;
  readonly nowMs: number;
  /** Parameters that replace the common ones (Version, Timestamp, SignatureNonce, …). */
  readonly overrides?: Record<string, string>;
  /** Send the parameters as a form body of a POST instead of the query string. */
  readonly asForm?: boolean;
}

export function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function signedParams(params: Record<string, string>, options: RpcOptions): Record<string, string> {
  const all: Record<string, string> = {
    Action: 'AssumeRole',
    Version: '2015-04-01',
    Format: 'JSON',
    AccessKeyId: options.accessKeyId,
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    SignatureNonce: randomUUID(),
    Timestamp: new Date(options.nowMs).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    ...params,
    ...options.overrides,
  };
  const canonical = Object.keys(all)
    .sort()
    .map((name) => `${rfc3986(name)}=${rfc3986(all[name] ?? '')}`)
    .join('&');
  const toSign = `POST&${rfc3986('/')}&${rfc3986(canonical)}`;
  return { ...all, Signature: createHmac('sha1', `${options.secret}&`).update(toSign).digest('base64') };
}

export async function callSts(endpoint: string, params: Record<string, string>, options: RpcOptions) {
  return sendParams(endpoint, signedParams(params, options), options.asForm === true);
}

/** POSTs already signed parameters (to replay them), in the query or as a form. */
export async function sendParams(endpoint: string, params: Record<string, string>, asForm: boolean): Promise<StsReply> {
  const encoded = Object.entries(params)
    .map(([name, value]) => `${rfc3986(name)}=${rfc3986(value)}`)
    .join('&');
  const response = await request(asForm ? `${endpoint}/` : `${endpoint}/?${encoded}`, {
    method: 'POST',
    headers: asForm ? { 'content-type': 'application/x-www-form-urlencoded' } : {},
    body: asForm ? encoded : undefined,
  });
  return { status: response.statusCode, body: (await response.body.json()) as Record<string, unknown> };
}
