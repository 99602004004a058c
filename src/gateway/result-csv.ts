import type { TunnelColumn, TunnelInterval, TunnelRow, TunnelValue } from '../maxcompute/index.ts';

/**
 * Tunnel values written as the result API writes its CSV (docs/maxcompute-protocol.md, "Result
 * CSV"), so an export and the 10,000-row file agree byte for byte: header names quoted; strings
 * quoted, `"` doubled, backslashes and control characters backslash-escaped; numbers, decimals and
 * booleans bare, a DOUBLE with a decimal point (`5.0`); NULL a bare `\N`; dates and datetimes quoted
 * (`yyyy-MM-dd HH:mm:ss`, UTC). A general CSV writer (csv-stringify) cannot say "bare `\N`" apart
 * from the string `"\N"` or escape backslashes this way, so the rules are written out here.
 */
export function csvHeader(columns: readonly Pick<TunnelColumn, 'name'>[]): string {
  return `${columns.map((column) => quoted(column.name)).join(',')}\n`;
}

export function csvLine(row: TunnelRow, columns: readonly TunnelColumn[]): string {
  return `${columns.map((column, index) => csvCell(row[index] ?? null, column.type)).join(',')}\n`;
}

export function csvCell(value: TunnelValue, type: string): string {
  if (value === null) return '\\N';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return number(value, type);
  if (value instanceof Date) return quoted(dateTime(value));
  if (value instanceof Uint8Array) return quoted(Buffer.from(value).toString('utf8'));
  if (typeof value === 'string') return bare(type) ? value : quoted(type === 'timestamp' ? timestamp(value) : value);
  return quoted(interval(value));
}

function bare(type: string): boolean {
  return type.startsWith('decimal');
}

/** DOUBLE 5 prints as `5.0`, as Java and Python print doubles; integer types stay `5`. */
function number(value: number, type: string): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  const isFloat = type === 'double' || type === 'float';
  if (isFloat && Number.isInteger(value) && Math.abs(value) < 1e16) return value.toFixed(1);
  return String(value);
}

/** `yyyy-MM-dd HH:mm:ss` in UTC; years past 9999 or before 0 keep ISO's sign and digits. */
function dateTime(value: Date): string {
  return value.toISOString().replace('T', ' ').slice(0, -5);
}

/** `2024-03-15T08:30:00.123456789Z` as `2024-03-15 08:30:00.123456789`. */
function timestamp(value: string): string {
  return value.replace('T', ' ').replace(/Z$/, '');
}

function interval(value: TunnelInterval): string {
  return `${value.seconds}s ${value.nanos}ns`;
}

function quoted(text: string): string {
  return `"${escaped(text).replaceAll('"', '""')}"`;
}

function escaped(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: escaping control characters is the point
  return text.replace(/[\\\u0000-\u0008\u000A-\u001F\u007F]/g, (ch) => {
    if (ch === '\\') return '\\\\';
    if (ch === '\n') return '\\n';
    if (ch === '\r') return '\\r';
    return `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
}
