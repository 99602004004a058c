import type { Translator } from './catalog.ts';
import { formatCount } from './format.ts';

/** Nouns the catalogs count, each with a `.one` and an `.other` form (`1 row`, `2 rows`). */
export type CountedNoun = 'rows';

const rules = new Map<string, Intl.PluralRules>();

/**
 * `1 row`, `10,000 rows`, `3 行`: the number in the reader's format with the noun's plural form by
 * the language's own rules (Chinese has one form; English `one` and `other`). Forms a catalog does
 * not name fall back to `other`.
 */
export function countOf(t: Translator, noun: CountedNoun, count: number): string {
  let rule = rules.get(t.locale);
  if (rule === undefined) {
    rule = new Intl.PluralRules(t.locale);
    rules.set(t.locale, rule);
  }
  const form = rule.select(count) === 'one' ? 'one' : 'other';
  return t(`count.${noun}.${form}`, { count: formatCount(count, t.locale) });
}
