import { normalizeSpaces, unescapeSlackText } from './slack-text.ts';

/**
 * The SQL of `run`, from the text as Slack sent it: escaping undone (`a &lt; b` is `a < b`), the
 * non-breaking spaces Slack types for repeated spaces made plain, and the code formatting users paste
 * around SQL removed: ```` ```sql … ``` ```` fences (any number, either end) and pairs of single
 * backticks. Newlines and inner spacing stay. Smart quotes are left alone: inside a string literal
 * (`'it’s'`) a curly quote is data, and the service's error names the spot otherwise.
 */
const FENCE = '```';
/**
 * A word after an opening fence is a language tag only when it is a known one: ```` ```select\n* … ````
 * must keep its `select`. Markdown's "any word on the fence line" rule would eat it.
 */
const LANGUAGE_TAG =
  /^(?:sql|odps|odpssql|maxcompute|hive|hql|hivesql|mysql|psql|pgsql|postgres|postgresql|sparksql|spark|text|plaintext)(?=\s|`|$)/i;

export function sqlArgument(raw: string): string {
  return stripCodeFormatting(unescapeSlackText(normalizeSpaces(raw)));
}

export function stripCodeFormatting(sql: string): string {
  let current = sql.trim();
  for (;;) {
    const before = current;
    if (current.startsWith(FENCE)) current = current.slice(FENCE.length).replace(LANGUAGE_TAG, '');
    if (current.endsWith(FENCE)) current = current.slice(0, -FENCE.length);
    current = current.trim();
    if (current === before && current.length >= 2 && current.startsWith('`') && current.endsWith('`')) {
      current = current.slice(1, -1).trim();
    }
    if (current === before) return current;
  }
}
