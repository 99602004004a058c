import type { Locale } from './catalog.ts';

/** Locale-aware figures for messages: counts, durations, sizes, and Slack's own date token. */

/**
 * Building an Intl formatter costs far more than using one (it was a hot spot of the reliability
 * suite's load run: every job card and listing formats dates), so each is built once per locale.
 */
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, build: () => T): T {
  let formatter = formatters.get(key) as T | undefined;
  if (formatter === undefined) {
    formatter = build();
    formatters.set(key, formatter);
  }
  return formatter;
}

export function formatCount(value: number, locale: Locale): string {
  return cached(`count ${locale}`, () => new Intl.NumberFormat(locale)).format(value);
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

/**
 * A price in its currency, with cents; a price under a cent keeps two significant digits instead
 * (a query over a few MB costs a fraction of one), and one too small to show is "< 0.0001".
 */
export function formatPrice(amount: number, currency: string, locale: Locale): string {
  const small = amount > 0 && amount < 0.01;
  if (amount > 0 && amount < 0.0001) return `< ${formatPrice(0.0001, currency, locale)}`;
  const format = cached(
    `price ${locale} ${currency} ${small}`,
    () =>
      new Intl.NumberFormat(locale, {
        style: 'currency',
        currency,
        ...(small ? { maximumSignificantDigits: 2 } : { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
      }),
  );
  return format.format(amount);
}

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'] as const;

export function formatBytes(bytes: number, locale: Locale): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 ? 0 : 1;
  const number = cached(
    `bytes ${locale} ${digits}`,
    () => new Intl.NumberFormat(locale, { maximumFractionDigits: digits }),
  );
  return `${number.format(value)} ${UNITS[unit]}`;
}

/**
 * Slack renders `<!date^…>` in each reader's own time zone and language; the fallback text after `|`
 * is for clients that cannot, written in UTC so it is never ambiguous.
 */
export function slackDate(epochMs: number, locale: Locale): string {
  const seconds = Math.floor(epochMs / 1000);
  const fallback = cached(
    `date ${locale}`,
    () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }),
  ).format(new Date(epochMs));
  return `<!date^${seconds}^{date_short_pretty} {time}|${fallback} UTC>`;
}
