import { DuckDBDateValue, DuckDBTimestampValue, type DuckDBValue } from '@duckdb/node-api';
import { utcDateTime } from '../http/http-date.ts';
import { isBareCsvType } from './odps-types.ts';

/**
 * Result CSV (docs/maxcompute-protocol.md, "Result CSV"): quoted header, strings quoted with `"` doubled (RFC 4180),
 * numbers and booleans bare, NULL as bare `\N`, datetimes quoted `yyyy-MM-dd HH:mm:ss`, `\n` line
 * ends. Backslashes and control characters inside strings are backslash-escaped (`\\`, `\n`, `\r`,
 * `\xNN`), the form PyODPS's per-field unicode-escape decoding undoes.
 */
export interface CsvColumn {
  readonly name: string;
  /** DuckDB type text, e.g. BIGINT, VARCHAR, DECIMAL(10,2). */
  readonly type: string;
}

export function toCsv(columns: readonly CsvColumn[], rows: readonly (readonly DuckDBValue[])[]): string {
  const lines = [columns.map((c) => quote(c.name)).join(',')];
  for (const row of rows) {
    lines.push(columns.map((column, i) => formatValue(row[i] ?? null, column.type)).join(','));
  }
  return `${lines.join('\n')}\n`;
}

export function formatValue(value: DuckDBValue, type: string): string {
  if (value === null) return '\\N';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return formatNumber(value, type);
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof DuckDBTimestampValue) return quote(formatTimestamp(value));
  if (value instanceof DuckDBDateValue) return quote(value.toString());
  if (isBareCsvType(type)) return String(value);
  return quote(String(value));
}

/** DOUBLE 5 prints as `5.0` (as Java and Python print doubles); integer types stay `5`. */
function formatNumber(value: number, type: string): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  const isFloat = /^(DOUBLE|FLOAT)$/i.test(type.trim());
  if (isFloat && Number.isInteger(value) && Math.abs(value) < 1e16) return value.toFixed(1);
  return String(value);
}

function formatTimestamp(value: DuckDBTimestampValue): string {
  const ms = Number(value.micros / 1000n);
  return Number.isFinite(ms) && Math.abs(ms) < 8.64e15 ? utcDateTime(ms) : value.toString().slice(0, 19);
}

function quote(text: string): string {
  return `"${escapeBackslashes(text).replaceAll('"', '""')}"`;
}

function escapeBackslashes(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: escaping control characters is the point
  return text.replace(/[\\\u0000-\u0008\u000A-\u001F\u007F]/g, (ch) => {
    if (ch === '\\') return '\\\\';
    if (ch === '\n') return '\\n';
    if (ch === '\r') return '\\r';
    return `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
}
