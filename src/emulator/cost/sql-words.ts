/**
 * SQL text as the words a cost estimate counts. MaxCompute measures complexity by its keywords, so
 * the estimate reads words, not a parse tree (DuckDB serializes only SELECT statements, and an
 * estimate also covers INSERT and CTAS). What must not count is skipped here: strings, quoted names
 * and comments (a `/*+ mapjoin(a) *\/` hint, a 'join' in a literal) become one opaque token or none.
 */
export interface SqlWord {
  /** A word in lower case, `(` or `)`, or `·` for anything else (a literal, a quoted name, an operator). */
  readonly text: string;
}

const OPAQUE = '·';
const WORD = /[A-Za-z_][A-Za-z0-9_]*/y;

export function sqlWords(sql: string): SqlWord[] {
  const words: SqlWord[] = [];
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i] ?? '';
    const next = sql[i + 1];
    if (/\s/.test(ch)) {
      i += 1;
    } else if (ch === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? sql.length : end + 1;
    } else if (ch === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? sql.length : end + 2;
    } else if (ch === "'" || ch === '"' || ch === '`') {
      words.push({ text: OPAQUE });
      i = afterQuoted(sql, i, ch);
    } else {
      WORD.lastIndex = i;
      const word = WORD.exec(sql)?.[0];
      words.push({ text: word?.toLowerCase() ?? (ch === '(' || ch === ')' ? ch : OPAQUE) });
      i += word?.length ?? 1;
    }
  }
  return words;
}

/** The same quoting rules as the statement splitter (split.ts): a doubled quote is an escaped one. */
function afterQuoted(sql: string, at: number, quote: string): number {
  let i = at + 1;
  while (i < sql.length) {
    if (sql[i] !== quote) i += 1;
    else if (sql[i + 1] === quote) i += 2;
    else return i + 1;
  }
  return i;
}
