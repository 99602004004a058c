/**
 * Splits a script into statements on `;`, skipping semicolons inside quotes and comments. Each
 * piece keeps its offset in the original text so error positions can point at what the user wrote.
 */
export interface SqlStatement {
  /** Statement text without the terminating `;`, trimmed. */
  readonly text: string;
  /** Offset of `text`'s first character in the original script. */
  readonly offset: number;
}

export function splitStatements(script: string): SqlStatement[] {
  const statements: SqlStatement[] = [];
  let start = 0;
  let i = 0;
  while (i < script.length) {
    const ch = script[i];
    const next = script[i + 1];
    if (ch === "'" || ch === '"' || ch === '`') {
      i = skipQuoted(script, i, ch);
    } else if (ch === '-' && next === '-') {
      i = skipUntil(script, i, '\n');
    } else if (ch === '/' && next === '*') {
      const end = script.indexOf('*/', i + 2);
      i = end < 0 ? script.length : end + 2;
    } else if (ch === ';') {
      push(statements, script, start, i);
      start = i + 1;
      i += 1;
    } else {
      i += 1;
    }
  }
  push(statements, script, start, script.length);
  return statements;
}

function push(statements: SqlStatement[], script: string, from: number, to: number): void {
  const raw = script.slice(from, to);
  const lead = raw.length - raw.trimStart().length;
  const text = raw.trim();
  if (text === '' || isOnlyComments(text)) return;
  statements.push({ text, offset: from + lead });
}

/** A quote doubled inside a string ('it''s') is an escaped quote; backslashes are plain, as in DuckDB. */
function skipQuoted(script: string, at: number, quote: string): number {
  let i = at + 1;
  while (i < script.length) {
    const ch = script[i];
    if (ch === quote) {
      if (script[i + 1] === quote) i += 2;
      else return i + 1;
    } else {
      i += 1;
    }
  }
  return i;
}

function skipUntil(script: string, at: number, terminator: string): number {
  const end = script.indexOf(terminator, at);
  return end < 0 ? script.length : end + 1;
}

function isOnlyComments(text: string): boolean {
  return (
    text
      .replace(/--[^\n]*/g, '')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .trim() === ''
  );
}

/** 1-based line and column of an offset. */
export function lineColumnAt(script: string, offset: number): { line: number; column: number } {
  const before = script.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return { line, column };
}
