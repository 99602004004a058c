import { createHmac } from 'node:crypto';

/**
 * Alibaba Cloud's RPC-style request signature (SignatureMethod HMAC-SHA1, SignatureVersion 1.0), as
 * documented in "Request syntax and signature method V2 for RPC APIs"
 * (https://help.aliyun.com/document_detail/25490.htm, the signature section
 * https://help.aliyun.com/en/document_detail/130769.html). Pure functions: the caller supplies every
 * parameter, the timestamp and the nonce included, so the published example replays exactly.
 * See docs/alicloud-sts.md, "Signature".
 */

/**
 * RFC 3986 percent-encoding as the signature wants it: only `A–Z a–z 0–9 - _ . ~` stay as they are,
 * everything else is UTF-8 `%XY` with upper-case hex (a space is `%20`, never `+`; `*` is `%2A`).
 * encodeURIComponent already leaves exactly that set plus `! ' ( ) *`, which are encoded here.
 */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Every parameter but `Signature`, sorted by name (code-unit order, which is byte order for the
 * ASCII names the API uses), each name and value percent-encoded and joined as `name=value&…`.
 */
export function canonicalizedQuery(params: Readonly<Record<string, string>>): string {
  return Object.keys(params)
    .filter((name) => name !== 'Signature')
    .sort()
    .map((name) => `${percentEncode(name)}=${percentEncode(params[name] ?? '')}`)
    .join('&');
}

/** `METHOD&%2F&` followed by the canonicalized query, percent-encoded once more. */
export function stringToSign(method: string, params: Readonly<Record<string, string>>): string {
  return `${method.toUpperCase()}&${percentEncode('/')}&${percentEncode(canonicalizedQuery(params))}`;
}

/**
 * Base64 of HMAC-SHA1 over the string to sign, keyed with the AccessKey secret followed by `&`.
 * `params` are all the request's parameters, those of the query and of the form body alike.
 */
export function rpcSignature(
  method: string,
  params: Readonly<Record<string, string>>,
  accessKeySecret: string,
): string {
  return createHmac('sha1', `${accessKeySecret}&`).update(stringToSign(method, params), 'utf8').digest('base64');
}

/** ISO 8601 in UTC to the second, as the `Timestamp` parameter wants it: `2016-02-23T12:46:24Z`. */
export function rpcTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
