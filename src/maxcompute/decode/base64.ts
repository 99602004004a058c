/**
 * `Transform="Base64"` payloads: base64 of UTF-8 bytes. Node's decoder silently skips bad input,
 * so the alphabet and padding are checked first, and the bytes must be valid UTF-8 (PyODPS decodes
 * them strictly too).
 */
import { MaxComputeDecodeError } from '../errors.ts';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

export function decodeBase64Utf8(what: string, text: string): string {
  // Line breaks (MIME style) are tolerated, as Python's b64decode does.
  const compact = text.replace(/\s+/g, '');
  if (!BASE64.test(compact) || compact.length % 4 !== 0) {
    throw new MaxComputeDecodeError(what, 'Transform="Base64" text is not valid base64', { retryable: false });
  }
  try {
    return utf8.decode(Buffer.from(compact, 'base64'));
  } catch (cause) {
    throw new MaxComputeDecodeError(what, 'Transform="Base64" text is not UTF-8', { cause, retryable: false });
  }
}
