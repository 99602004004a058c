/**
 * CSV task results to a {@link ResultTable}, parsed with csv-parse as RFC 4180 (doubled quotes).
 *
 * - The first record is the header.
 * - A bare (unquoted) `\N` is SQL NULL; a quoted `"\N"` is the two-character string. PyODPS nulls both,
 *   but only the unquoted form can be a NULL when the server quotes every string.
 * - Every record must have as many fields as the header, else decode error: a different count means
 *   the quoting went out of step (server escaping is unverified) or the text was cut, and padding
 *   or dropping would silently shift values into the wrong columns.
 * - Backslash escapes: by default fields are returned exactly as sent. PyODPS 0.13.1's per-field
 *   `unicode_escape` decode is undone by the matching encode it applies to the whole text first
 *   (`CsvRecordReader._escape_csv`), so it never changes a value, and Java's CSVRecordParser decodes
 *   nothing either. `{ unescape: 'backslash' }` decodes, in quoted and unquoted fields alike (never in
 *   the NULL token): `\\` `\n` `\t` `\r` `\"` `\uXXXX` (4 hex digits) `\xXX` (2 hex digits). Any other
 *   backslash, including a trailing one or a short `\u`/`\x`, is kept as written.
 *
 * See docs/maxcompute-protocol.md, "Result CSV".
 */
import { parse } from 'csv-parse/sync';
import { MaxComputeDecodeError } from '../errors.ts';
import type { ResultTable } from '../types.ts';

const WHAT = 'CSV result';
const NULL_TOKEN = '\\N';

export interface CsvOptions {
  /** `none` (default, what PyODPS and Java yield) or `backslash` (decode the escapes listed above). */
  readonly unescape?: 'none' | 'backslash';
}

type Cell = string | null;

export function parseResultCsv(text: string, options: CsvOptions = {}): ResultTable {
  const decodeField = options.unescape === 'backslash' ? decodeBackslashEscapes : (s: string) => s;
  // Nothing but line breaks: no result set at all, rather than one unnamed column.
  if (/^[\r\n]*$/.test(text)) return { columns: [], rows: [] };
  let records: Cell[][];
  try {
    records = parse(text, {
      cast: (value, context) => (!context.quoting && value === NULL_TOKEN ? null : decodeField(value)),
      relax_column_count: true,
      skip_empty_lines: false,
    }) as Cell[][];
  } catch (cause) {
    // The XML envelope was complete, so asking again would return the same text: not retryable.
    const detail = cause instanceof Error ? cause.message : String(cause);
    throw new MaxComputeDecodeError(WHAT, detail, { cause, retryable: false });
  }
  const [header, ...rows] = records;
  if (header === undefined) return { columns: [], rows: [] };
  // A header cell is a name; the NULL token there can only be the literal text.
  const columns = header.map((name) => name ?? NULL_TOKEN);
  rows.forEach((row, index) => {
    if (row.length !== columns.length) {
      const message = `row ${index + 1} has ${row.length} fields, the header has ${columns.length}`;
      throw new MaxComputeDecodeError(WHAT, message, { retryable: false });
    }
  });
  return { columns, rows };
}

const ESCAPE = /\\(?:u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|([\\ntr"]))/g;
const SIMPLE: Readonly<Record<string, string>> = { '\\': '\\', n: '\n', t: '\t', r: '\r', '"': '"' };

/** One left-to-right pass, so `\\n` is a backslash then `n`, never a newline. */
export function decodeBackslashEscapes(value: string): string {
  if (!value.includes('\\')) return value;
  return value.replace(ESCAPE, (match, u?: string, x?: string, simple?: string) => {
    if (u !== undefined) return String.fromCharCode(Number.parseInt(u, 16));
    if (x !== undefined) return String.fromCharCode(Number.parseInt(x, 16));
    return (simple !== undefined && SIMPLE[simple]) || match;
  });
}
