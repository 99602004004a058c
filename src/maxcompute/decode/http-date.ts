/**
 * RFC 1123 dates as MaxCompute writes them (`Fri, 15 Mar 2024 08:30:00 GMT`), parsed by hand rather than
 * with `Date.parse`, whose accepted formats vary by engine. Anything else yields undefined: a bad
 * timestamp is not worth failing a whole response for.
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

// Weekday optional, one- or two-digit day, GMT/UTC/+0000 (or nothing, as some fixtures print it).
const RFC1123 =
  /^(?:[A-Za-z]{3},\s*)?(\d{1,2})\s+([A-Za-z]{3})\s+(\d{4})\s+(\d{2}):(\d{2}):(\d{2})(?:\s*(?:GMT|UTC|\+0000))?$/;

export function parseHttpDate(text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;
  const m = RFC1123.exec(text.trim());
  if (!m) return undefined;
  const [, day, monthName, year, hour, minute, second] = m;
  const month = MONTHS.indexOf((monthName ?? '').toLowerCase());
  if (month < 0) return undefined;
  const fields = [Number(year), month, Number(day), Number(hour), Number(minute), Number(second)] as const;
  const ms = Date.UTC(...fields);
  const date = new Date(ms);
  // Date.UTC rolls 31 Feb over into March; a rolled-over date is an invalid one.
  const roundTrips =
    date.getUTCFullYear() === fields[0] &&
    date.getUTCMonth() === fields[1] &&
    date.getUTCDate() === fields[2] &&
    date.getUTCHours() === fields[3] &&
    date.getUTCMinutes() === fields[4] &&
    date.getUTCSeconds() === fields[5];
  return roundTrips ? date : undefined;
}
