import type { Locale } from './catalog.ts';

/** Locale-aware figures for messages: counts, durations, sizes, and Slack's own date token. */

export function formatCount(value: number, locale: Locale): string {
  return new Intl.NumberFormat(locale).format(value);
}

/** `4m05s` / `4分05秒`; hours appear past 60 minutes, seconds alone under a minute. */
export function formatDuration(ms: number, locale: Locale): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const pad = (value: number) => String(value).padStart(2, '0');
  if (locale === 'zh-CN') {
    if (hours > 0) return `${hours}小时${pad(minutes)}分`;
    if (minutes > 0) return `${minutes}分${pad(seconds)}秒`;
    return `${seconds}秒`;
  }
  if (hours > 0) return `${hours}h${pad(minutes)}m`;
  if (minutes > 0) return `${minutes}m${pad(seconds)}s`;
  return `${seconds}s`;
}

const UNITS = ['B', 'KB', 'MB', 'GB'] as const;

export function formatBytes(bytes: number, locale: Locale): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 ? 0 : 1;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value)} ${UNITS[unit]}`;
}

/**
 * Slack renders `<!date^…>` in each reader's own time zone and language; the fallback text after `|`
 * is for clients that cannot, written in UTC so it is never ambiguous.
 */
export function slackDate(epochMs: number, locale: Locale): string {
  const seconds = Math.floor(epochMs / 1000);
  const fallback = utcDateFormat(locale).format(new Date(epochMs));
  return `<!date^${seconds}^{date_short_pretty} {time}|${fallback} UTC>`;
}

/** Building a DateTimeFormat costs some 100 µs (a list page shows 15 dates): one per locale is kept. */
const UTC_DATE_FORMATS = new Map<Locale, Intl.DateTimeFormat>();

function utcDateFormat(locale: Locale): Intl.DateTimeFormat {
  let format = UTC_DATE_FORMATS.get(locale);
  if (format === undefined) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
    UTC_DATE_FORMATS.set(locale, format);
  }
  return format;
}
