/**
 * A MaxCompute SQL tokenizer just deep enough to find statement boundaries and keywords. Where
 * MaxCompute's own reading of the text is uncertain, it does not guess: it emits a `bad` token, and
 * the guard refuses. Each of those places is one where a guess in the wrong direction would
 * let a statement hide inside what the guard took for a comment or a string:
 * - a line comment holding a lone `\r` or any other character that some reader takes for a line end
 *   (does the comment end there?): Unicode's mandatory breaks `\v`, `\f`, NEL, LS and PS, and the
 *   file, group and record separators that Python's `str.splitlines` also breaks at;
 * - a block comment holding `/*` (are comments nested?);
 * - `R"…"` / `r'…'` strings read differently as raw and as escaped strings;
 * - a backslash right before a closing backtick (escape or not?);
 * - `#` and `\` outside any literal (a comment or an escape in some dialects);
 * - any non-ASCII character outside literals and comments: look-alike letters (Cyrillic `ѕеlect`,
 *   fullwidth `ＳＥＬＥＣＴ`, `ſelect`, which upper-cases to `SELECT`) must never read as keywords;
 * - ASCII control characters.
 * Strings use backslash escapes, as MaxCompute documents (`'I\'m'`, `\;`); `''` and doubled backticks
 * need no special case, since reading them as two adjacent literals ends in the same place.
 */
export type SqlTokenKind = 'word' | 'number' | 'string' | 'identifier' | 'punct' | 'semicolon' | 'comment' | 'bad';

export type BadTokenReason = 'unterminated' | 'ambiguous' | 'non_ascii' | 'control';

export interface SqlToken {
  readonly kind: SqlTokenKind;
  /** The source text of the token. */
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly reason?: BadTokenReason;
}

const WORD = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?[A-Za-z]*/y;
const SPACE = /\s/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the file, group and record separators are the point
const LINE_SEPARATOR_IN_COMMENT = /\r(?!\n)|[\v\f\u001c-\u001e\u0085\u2028\u2029]/;
const RAW_OPENING = /"([^()\\\s"]{0,16})\(/y;

/**
 * Every token, comments included. A `bad` token whose end is uncertain runs to the end of the text;
 * after a non-ASCII run or a control character reading goes on, so the refusal can show the statement.
 */
export function lexSql(sql: string): SqlToken[] {
  const tokens: SqlToken[] = [];
  let index = 0;
  while (index < sql.length) {
    const char = sql.charAt(index);
    if (SPACE.test(char)) {
      index++;
      continue;
    }
    const token = readToken(sql, index);
    tokens.push(token);
    index = token.end;
  }
  return tokens;
}

function readToken(sql: string, start: number): SqlToken {
  const char = sql.charAt(start);
  const next = sql.charAt(start + 1);
  if (char === '-' && next === '-') return lineComment(sql, start);
  if (char === '/' && next === '*') return blockComment(sql, start);
  if (char === "'" || char === '"') return quotedString(sql, start, start);
  if (char === '`') return backtickIdentifier(sql, start);
  if (char === ';') return token('semicolon', sql, start, start + 1);
  const word = matchAt(WORD, sql, start);
  if (word > 0) {
    const quote = sql.charAt(word);
    const prefix = word - start === 1 && (char === 'R' || char === 'r');
    if (prefix && (quote === '"' || quote === "'")) return rawOrQuotedString(sql, start, word);
    return token('word', sql, start, word);
  }
  const number = matchAt(NUMBER, sql, start);
  if (number > 0) {
    // `1r'…'`: is that a number and a raw string? Nobody means it; do not guess.
    const rawLike = /[rR]/.test(sql.charAt(number - 1)) && /["']/.test(sql.charAt(number));
    return rawLike ? bad(sql, start, sql.length, 'ambiguous') : token('number', sql, start, number);
  }
  const code = char.charCodeAt(0);
  if (code > 0x7e) return bad(sql, start, nonSpaceRunEnd(sql, start), 'non_ascii');
  if (code < 0x20) return bad(sql, start, start + 1, 'control');
  if (char === '#' || char === '\\') return bad(sql, start, sql.length, 'ambiguous');
  return token('punct', sql, start, start + 1);
}

function lineComment(sql: string, start: number): SqlToken {
  const newline = sql.indexOf('\n', start);
  const end = newline < 0 ? sql.length : newline;
  // The `\n` itself is included so that a Windows `\r\n` line end is not taken for a lone `\r`.
  if (LINE_SEPARATOR_IN_COMMENT.test(sql.slice(start, end + 1))) return bad(sql, start, sql.length, 'ambiguous');
  return token('comment', sql, start, end);
}

function blockComment(sql: string, start: number): SqlToken {
  const close = sql.indexOf('*/', start + 2);
  if (close < 0) return bad(sql, start, sql.length, 'unterminated');
  if (sql.slice(start + 2, close).includes('/*')) return bad(sql, start, sql.length, 'ambiguous');
  return token('comment', sql, start, close + 2);
}

/** `'…'` or `"…"` opening at `quoteAt`, backslash-escaped; the token starts at `start` (before any prefix). */
function quotedString(sql: string, start: number, quoteAt: number): SqlToken {
  const end = escapedStringEnd(sql, quoteAt);
  return end < 0 ? bad(sql, start, sql.length, 'unterminated') : token('string', sql, start, end);
}

/**
 * `R"(…)"` (optionally `R"delim(…)delim"`) is a raw string; `r'…'` is one in other dialects. Which
 * MaxCompute applies to which spelling is not certain, so the literal is accepted only where both
 * readings end at the same place.
 */
function rawOrQuotedString(sql: string, start: number, quoteAt: number): SqlToken {
  const escaped = escapedStringEnd(sql, quoteAt);
  const raw = rawStringEnd(sql, quoteAt);
  if (escaped < 0 || raw < 0) return bad(sql, start, sql.length, 'unterminated');
  return escaped === raw ? token('string', sql, start, escaped) : bad(sql, start, sql.length, 'ambiguous');
}

function escapedStringEnd(sql: string, quoteAt: number): number {
  const quote = sql.charAt(quoteAt);
  for (let index = quoteAt + 1; index < sql.length; index++) {
    const char = sql.charAt(index);
    if (char === '\\') index++;
    else if (char === quote) return index + 1;
  }
  return -1;
}

function rawStringEnd(sql: string, quoteAt: number): number {
  const quote = sql.charAt(quoteAt);
  RAW_OPENING.lastIndex = quoteAt;
  const opening = quote === '"' ? RAW_OPENING.exec(sql) : null;
  if (opening === null) {
    const close = sql.indexOf(quote, quoteAt + 1);
    return close < 0 ? -1 : close + 1;
  }
  const closing = `)${opening[1] ?? ''}"`;
  const close = sql.indexOf(closing, RAW_OPENING.lastIndex);
  return close < 0 ? -1 : close + closing.length;
}

/** Doubled backticks stay inside; a backslash before a backtick is ambiguous (see above). */
function backtickIdentifier(sql: string, start: number): SqlToken {
  let index = start + 1;
  for (;;) {
    const close = sql.indexOf('`', index);
    if (close < 0) return bad(sql, start, sql.length, 'unterminated');
    if (sql.charAt(close - 1) === '\\') return bad(sql, start, sql.length, 'ambiguous');
    if (sql.charAt(close + 1) !== '`') return token('identifier', sql, start, close + 1);
    index = close + 2;
  }
}

function matchAt(pattern: RegExp, sql: string, start: number): number {
  pattern.lastIndex = start;
  return pattern.test(sql) ? pattern.lastIndex : -1;
}

function nonSpaceRunEnd(sql: string, start: number): number {
  let end = start;
  while (end < sql.length && !SPACE.test(sql.charAt(end))) end++;
  return end;
}

function token(kind: SqlTokenKind, sql: string, start: number, end: number): SqlToken {
  return { kind, text: sql.slice(start, end), start, end };
}

function bad(sql: string, start: number, end: number, reason: BadTokenReason): SqlToken {
  return { kind: 'bad', text: sql.slice(start, end), start, end, reason };
}
