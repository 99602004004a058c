import { isSeparator } from './slack-text.ts';

/**
 * Whitespace-separated words read one at a time, so `run` can stop at the first word of SQL and take
 * the rest of the text verbatim. Double quotes group a value with spaces in it; Slack's smart quotes
 * (“ ”, and „ from some keyboards) count as double quotes, in any pairing, since autocorrect decides
 * which one the user gets. A Slack entity `<…|label with spaces>` stays one word.
 */
export interface Token {
  /** The word with its quotes removed. */
  readonly value: string;
  /** Where the word starts and ends in the text. */
  readonly start: number;
  readonly end: number;
  /** Some part was quoted: a quoted `"--limit"` is a value, never an option. */
  readonly quoted: boolean;
  /** A quote was opened and never closed; the value runs to the end of the text. */
  readonly unterminated: boolean;
}

const ENTITY = /<[^<>\n]*>/y;
const QUOTES = new Set(['"', '\u201c', '\u201d', '\u201e']);

export function readToken(text: string, from: number): Token | undefined {
  let index = from;
  while (index < text.length && isSeparator(text.charAt(index))) index++;
  if (index >= text.length) return undefined;
  const start = index;
  let value = '';
  let quoted = false;
  while (index < text.length && !isSeparator(text.charAt(index))) {
    const char = text.charAt(index);
    if (QUOTES.has(char)) {
      const close = indexOfQuote(text, index + 1);
      quoted = true;
      if (close < 0) {
        return { value: value + text.slice(index + 1), start, end: text.length, quoted, unterminated: true };
      }
      value += text.slice(index + 1, close);
      index = close + 1;
    } else {
      const end = char === '<' ? Math.max(entityAt(text, index), index + 1) : index + 1;
      value += text.slice(index, end);
      index = end;
    }
  }
  return { value, start, end: index, quoted, unterminated: false };
}

/** Every token from `from` to the end (used by the subcommands that take no free text). */
export function readAllTokens(text: string, from: number): Token[] {
  const tokens: Token[] = [];
  for (let token = readToken(text, from); token !== undefined; token = readToken(text, token.end)) {
    tokens.push(token);
  }
  return tokens;
}

/** End of a one-line `<…>` starting at `index`, or -1. Stops at the next `<`, so scanning stays linear. */
function entityAt(text: string, index: number): number {
  ENTITY.lastIndex = index;
  return ENTITY.test(text) ? ENTITY.lastIndex : -1;
}

function indexOfQuote(text: string, from: number): number {
  for (let index = from; index < text.length; index++) {
    if (QUOTES.has(text.charAt(index))) return index;
  }
  return -1;
}
