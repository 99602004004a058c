import { decodeQueryOnce, decodeQueryPyodps, percentDecode } from './percent.ts';

/**
 * The string to sign, built independently of the product's signer on purpose: a shared
 * codec would hide the same bug on both sides.
 * See docs/maxcompute-protocol.md, "Signing: the canonical string".
 */
export interface CanonicalInput {
  readonly method: string;
  /** Path relative to the mount prefix, still percent-encoded as on the wire. */
  readonly path: string;
  /** Raw query string without the `?`. */
  readonly query: string;
  /** Lowercase header names (as node:http gives them). */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

const X_ODPS = 'x-odps-';

/** Both canonical strings a legitimate client may have signed: decode-once, and PyODPS's double decode. */
export function canonicalStrings(input: CanonicalInput): string[] {
  const once = canonicalString(input, decodeQueryOnce(input.query));
  const pyodps = canonicalString(input, decodeQueryPyodps(input.query));
  return once === pyodps ? [once] : [once, pyodps];
}

export function canonicalString(input: CanonicalInput, params: ReadonlyMap<string, string>): string {
  const signed = new Map<string, string>([
    ['content-md5', ''],
    ['content-type', ''],
    ['date', ''],
  ]);
  for (const [name, raw] of Object.entries(input.headers)) {
    const key = name.toLowerCase();
    if (raw === undefined) continue;
    if (key === 'content-md5' || key === 'content-type' || key === 'date' || key.startsWith(X_ODPS)) {
      signed.set(key, Array.isArray(raw) ? raw.join(',') : raw);
    }
  }
  for (const [name, value] of params) {
    if (name.toLowerCase().startsWith(X_ODPS)) signed.set(name.toLowerCase(), value);
  }

  const lines = [input.method.toUpperCase()];
  for (const key of [...signed.keys()].sort(byCodePoint)) {
    const value = signed.get(key) ?? '';
    lines.push(key.startsWith(X_ODPS) ? `${key}:${value}` : value);
  }
  lines.push(canonicalResource(input.path, params));
  return lines.join('\n');
}

function canonicalResource(path: string, params: ReadonlyMap<string, string>): string {
  const resource = percentDecode(path);
  if (params.size === 0) return resource;
  const query = [...params.keys()]
    .sort(byCodePoint)
    .map((name) => {
      const value = params.get(name) ?? '';
      return value === '' ? name : `${name}=${value}`;
    })
    .join('&');
  return `${resource}?${query}`;
}

function byCodePoint(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
