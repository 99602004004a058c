import type { SqlToken } from './sql-lexer.ts';

/** One `;`-separated statement: its tokens without comments, and its source span. */
export interface Statement {
  readonly tokens: readonly SqlToken[];
  /** From the first token to the last, comments inside included. */
  readonly text: string;
  /** A string, identifier or comment inside the statement holds a `;` (see the `SET` rule). */
  readonly literalSemicolon: boolean;
}

/** Splits at top-level `;`; statements with nothing but comments in them are dropped. */
export function splitStatements(sql: string, tokens: readonly SqlToken[]): Statement[] {
  const statements: Statement[] = [];
  let current: SqlToken[] = [];
  let literalSemicolon = false;
  const flush = (): void => {
    const first = current[0];
    const last = current.at(-1);
    if (first !== undefined && last !== undefined) {
      statements.push({ tokens: current, text: sql.slice(first.start, last.end), literalSemicolon });
    }
    current = [];
    literalSemicolon = false;
  };
  for (const token of tokens) {
    if (token.kind === 'semicolon') {
      flush();
      continue;
    }
    if (token.kind !== 'punct' && token.kind !== 'word' && token.text.includes(';')) literalSemicolon = true;
    if (token.kind !== 'comment') current.push(token);
  }
  flush();
  return statements;
}
