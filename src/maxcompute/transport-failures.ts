/**
 * How a request that got no usable answer failed, read off undici's and Node's errors: whether the
 * connection was ever made (a create that never connected created nothing) and whether our own
 * per-attempt timer cut it off.
 */

export const CONNECT_FAILURE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** The first string `code` on the error or down its causes (undici nests them). */
export function errorCode(caught: unknown): string | undefined {
  if (typeof caught !== 'object' || caught === null) return undefined;
  const code = (caught as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  return errorCode((caught as { cause?: unknown }).cause);
}

/** Called only when the caller's own signal has not fired, so any abort here is our per-attempt timeout. */
export function isTimeout(caught: unknown): boolean {
  if (!(caught instanceof Error)) return false;
  const code = errorCode(caught);
  return (
    caught.name === 'TimeoutError' ||
    caught.name === 'AbortError' ||
    code === 'UND_ERR_ABORTED' ||
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT'
  );
}
