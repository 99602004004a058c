import { en, type MessageKey } from './en.ts';
import { zhCN } from './zh-cn.ts';

/**
 * Message catalogs by locale. Adding a language is adding one file that satisfies `Catalog` and one
 * line here; `SUPPORTED_LOCALES` and locale resolution follow from this table.
 */
export type { MessageKey };
export type Catalog = { readonly [K in MessageKey]: string };

export const CATALOGS = {
  en,
  'zh-CN': zhCN,
} as const satisfies Record<string, Catalog>;

export type Locale = keyof typeof CATALOGS;
export const DEFAULT_LOCALE: Locale = 'en';
export const SUPPORTED_LOCALES = Object.keys(CATALOGS) as Locale[];

export type MessageParams = Readonly<Record<string, string | number>>;

/** A bound translator: builders receive one and never see literal strings. */
export interface Translator {
  readonly locale: Locale;
  (key: MessageKey, params?: MessageParams): string;
  /** The raw message with its `{placeholders}`, for builders that escape text and values separately. */
  template(key: MessageKey): string;
}

export function translator(locale: Locale): Translator {
  const catalog: Catalog = CATALOGS[locale];
  const t = (key: MessageKey, params: MessageParams = {}) => fill(catalog[key], (name) => params[name]);
  return Object.assign(t, { locale, template: (key: MessageKey) => catalog[key] });
}

/** Replaces `{name}` with what `value` gives; unknown names stay as written, so a gap is visible. */
export function fill(template: string, value: (name: string) => string | number | undefined): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const replacement = value(name);
    return replacement === undefined ? whole : String(replacement);
  });
}

/** Placeholders named in a message, for the catalog-consistency test. */
export function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '').sort();
}

/** Other ways Slack (or a person) may name a catalog's language. */
const ALIASES: Readonly<Record<string, Locale>> = {
  zh: 'zh-CN',
  'zh-hans': 'zh-CN',
  'zh-hans-cn': 'zh-CN',
  'zh-sg': 'zh-CN',
};

/**
 * Slack locales look like `zh-CN`, `en-US`, `ja-JP`. An exact catalog (any case, `_` or `-`), an
 * alias, or a catalog for the bare language (`en-GB` → `en`) matches; anything else is unknown, and
 * the caller falls back to the channel's or workspace's language. `zh-TW` is not Simplified Chinese.
 */
export function matchLocale(tag: string | undefined): Locale | undefined {
  if (!tag) return undefined;
  const lower = tag.toLowerCase().replaceAll('_', '-');
  const exact = SUPPORTED_LOCALES.find((locale) => locale.toLowerCase() === lower);
  if (exact) return exact;
  if (ALIASES[lower]) return ALIASES[lower];
  const language = lower.split('-')[0] ?? '';
  return SUPPORTED_LOCALES.find((locale) => locale.toLowerCase() === language);
}
