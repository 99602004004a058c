/**
 * Lenient percent-decoding, like Python's `unquote`: valid `%XX` runs become UTF-8 bytes, anything
 * malformed stays as written (decodeURIComponent would throw and reject a request PyODPS signed).
 */
export function percentDecode(value: string): string {
  if (!value.includes('%')) return value;
  const bytes: number[] = [];
  const out: string[] = [];
  const flush = () => {
    if (bytes.length > 0) out.push(Buffer.from(bytes).toString('utf8'));
    bytes.length = 0;
  };
  for (let i = 0; i < value.length; i++) {
    const hex = value.slice(i + 1, i + 3);
    if (value[i] === '%' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      flush();
      out.push(value[i] ?? '');
    }
  }
  flush();
  return out.join('');
}

/** One query parameter as written on the wire, before any decoding. */
export interface RawParam {
  readonly name: string;
  readonly value: string;
}

/** Splits a raw query string on `&` and the first `=`; no decoding. Empty pieces are dropped. */
export function splitRawQuery(query: string): RawParam[] {
  if (query === '') return [];
  return query
    .split('&')
    .filter((part) => part !== '')
    .map((part) => {
      const eq = part.indexOf('=');
      return eq < 0 ? { name: part, value: '' } : { name: part.slice(0, eq), value: part.slice(eq + 1) };
    });
}

/** Decode-once (Java/Go SDK) query params; a repeated name keeps its last value. */
export function decodeQueryOnce(query: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const { name, value } of splitRawQuery(query)) {
    const key = percentDecode(name);
    params.delete(key);
    params.set(key, percentDecode(value));
  }
  return params;
}

/**
 * PyODPS decoding: the whole query is unquoted first, then parsed form-style, which turns
 * `+` into a space and unquotes again. So a `%2B` on the wire is signed as a space.
 * See docs/maxcompute-protocol.md, "Query decoding and the plus-sign quirk".
 */
export function decodeQueryPyodps(query: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const { name, value } of splitRawQuery(percentDecode(query))) {
    const key = percentDecode(name.replaceAll('+', ' '));
    params.delete(key);
    params.set(key, percentDecode(value.replaceAll('+', ' ')));
  }
  return params;
}
