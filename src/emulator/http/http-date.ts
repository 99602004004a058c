/** RFC 1123 dates as MaxCompute writes them, e.g. `Fri, 15 Mar 2024 08:30:00 GMT`. */
export function httpDate(epochMs: number): string {
  return new Date(epochMs).toUTCString();
}

/** Parses an RFC 1123 (or any Date.parse-able) header value; undefined when unusable. */
export function parseHttpDate(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** `yyyymmdd` in UTC, the v4 scope day. */
export function utcDay(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10).replaceAll('-', '');
}

/** `yyyy-MM-dd HH:mm:ss` in UTC, MaxCompute's datetime text form. */
export function utcDateTime(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 19).replace('T', ' ');
}
