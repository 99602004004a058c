/**
 * Slack's escaping of slash-command text, undone. Slack always sends `&`, `<` and `>` as `&amp;`,
 * `&lt;` and `&gt;`, so a raw `<` can only open one of its own entities: a mention `<@U123|alice>`,
 * a channel `<#C123|data>`, a special `<!here>` or a link `<https://x|label>` / `<https://x>`.
 * Only entity-shaped `<…>` are rewritten, so text that was never escaped survives unchanged.
 */
const ENTITY = /<(@[UW][A-Z0-9]+|#C[A-Z0-9]+|![A-Za-z0-9^_.-]+|[A-Za-z][A-Za-z0-9+.-]*:[^\s<>|]*)(?:\|([^<>]*))?>/g;
const HTML_ESCAPE = /&(amp|lt|gt);/g;
const UNESCAPED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>' };

/** Spaces Slack clients insert (a non-breaking space after a typed space) read as ordinary spaces. */
const WIDE_SPACE = /[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/g;
/** Invisible characters that only ever arrive by pasting; nobody means them. */
const INVISIBLE = /[\u200b\u2060\ufeff]/g;

export function unescapeSlackText(text: string): string {
  return text.replace(ENTITY, entityText).replace(HTML_ESCAPE, (_match, name: string) => UNESCAPED[name] ?? '');
}

function entityText(_match: string, target: string, label: string | undefined): string {
  if (target.startsWith('@') || target.startsWith('#')) {
    return label === undefined || label === '' ? target : `${target[0]}${label.replace(/^[@#]/, '')}`;
  }
  if (target.startsWith('!')) return label === undefined || label === '' ? `@${target.slice(1)}` : label;
  return label === undefined || label === '' ? target : label;
}

export function normalizeSpaces(text: string): string {
  return text.replace(WIDE_SPACE, ' ').replace(INVISIBLE, '');
}

/** Token separators: JavaScript's whitespace (which covers the wide spaces) plus the invisible ones. */
export function isSeparator(char: string): boolean {
  return /[\s\u200b\u2060]/.test(char);
}
