import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The RPC-style signature (SignatureMethod HMAC-SHA1, SignatureVersion 1.0) as Alibaba Cloud
 * documents it, written here without the product's STS client or Alibaba's SDK:
 *   canonical  = the parameters but Signature, sorted by name, each `encode(name)=encode(value)`, joined by `&`
 *   toSign     = METHOD + '&' + encode('/') + '&' + encode(canonical)
 *   signature  = base64(HMAC-SHA1(key = secret + '&', toSign))
 * where encode is RFC 3986 percent-encoding of the UTF-8 bytes: letters, digits and `-_.~` stay,
 * everything else is `%XX` in upper case (a space is `%20`, never `+`; `*` is `%2A`; `~` stays).
 */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function stringToSign(method: string, params: ReadonlyMap<string, string>): string {
  const canonical = [...params.keys()]
    .filter((name) => name !== 'Signature')
    .sort()
    .map((name) => `${percentEncode(name)}=${percentEncode(params.get(name) ?? '')}`)
    .join('&');
  return `${method.toUpperCase()}&${percentEncode('/')}&${percentEncode(canonical)}`;
}

export function rpcSignature(toSign: string, secret: string): string {
  return createHmac('sha1', `${secret}&`).update(toSign, 'utf8').digest('base64');
}

/** Whether `signature` is the one `secret` gives `toSign`, compared in constant time. */
export function signatureMatches(toSign: string, secret: string, signature: string): boolean {
  const expected = Buffer.from(rpcSignature(toSign, secret), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given);
}
