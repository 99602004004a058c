import { percentEncode } from './rpc-signature.ts';

/**
 * Keeps secrets out of the text STS sends back before it goes into an error message. STS's
 * `SignatureDoesNotMatch` message quotes its whole string to sign ("… server string to sign is:…"),
 * which holds the caller's SecurityToken percent-encoded twice; that quotation is cut, and any other
 * appearance of a secret, raw or encoded once or twice, is replaced.
 */

const QUOTED_STRING_TO_SIGN = /(string to sign is:).*/is;
const REPLACEMENT = '[redacted]';

export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let redacted = text.replace(QUOTED_STRING_TO_SIGN, `$1 ${REPLACEMENT}`);
  for (const secret of secrets) {
    // Short strings would match by chance and say nothing about the secret.
    if (secret === undefined || secret.length < 8) continue;
    const once = percentEncode(secret);
    for (const form of new Set([secret, once, percentEncode(once), encodeURIComponent(secret)])) {
      redacted = redacted.split(form).join(REPLACEMENT);
    }
  }
  return redacted;
}
