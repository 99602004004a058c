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

/**
 * Slack locales look like `zh-CN`, `zh-TW`, `en-US`, `ja-JP`. Simplified Chinese and any English map
 * to our catalogs; anything else is unknown (the caller falls back to channel or workspace defaults).
 */
export function matchLocale(tag: string | undefined): Locale | undefined {
  if (!tag) return undefined;
  const lower = tag.toLowerCase().replace('_', '-');
  if (lower === 'zh-cn' || lower === 'zh-hans' || lower === 'zh' || lower.startsWith('zh-hans-')) return 'zh-CN';
  if (lower === 'en' || lower.startsWith('en-')) return 'en';
  return undefined;
}
