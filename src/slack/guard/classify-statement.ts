import { INSPECTION_STATEMENTS, WRITE_STATEMENTS, WRITES_INSIDE_QUERY } from './keywords.ts';
import type { SqlToken } from './sql-lexer.ts';
import type { Statement } from './statements.ts';
import type { ReadOnlyKeyword } from './verdict.ts';

export type StatementVerdict =
  | { readonly ok: true; readonly keyword: ReadOnlyKeyword }
  | { readonly ok: false; readonly code: 'write_statement' | 'unparseable'; readonly keyword: string };

const MAX_KEYWORD = 40;

/** One statement: read-only by its first keyword, or refused with the keyword that decided it. */
export function classifyStatement(statement: Statement): StatementVerdict {
  const { tokens } = statement;
  const broken = tokens.find((token) => token.kind === 'bad');
  if (broken !== undefined) return unparseable(broken.text.split(/\s/, 1)[0] ?? '');
  let index = 0;
  while (isPunct(tokens[index], '(')) index++;
  const first = tokens[index];
  if (first === undefined || first.kind !== 'word') return unparseable(first?.text ?? '(');
  const keyword = first.text.toUpperCase();
  const parenthesized = index > 0;
  if (keyword === 'SELECT') return query(tokens, 'SELECT');
  if (keyword === 'WITH') return withQuery(tokens, index + 1);
  if (parenthesized) return writeInside(tokens) ?? unparseable(keyword);
  if (INSPECTION_STATEMENTS.has(keyword)) return { ok: true, keyword: keyword as ReadOnlyKeyword };
  if (keyword === 'SET') return setting(statement, index + 1);
  if (WRITE_STATEMENTS.has(keyword)) return write(keyword);
  // `FROM t INSERT …` (multi-insert) is a write; `FROM t SELECT …` is not on the read-only list.
  return writeInside(tokens) ?? unparseable(keyword);
}

function query(tokens: readonly SqlToken[], keyword: ReadOnlyKeyword): StatementVerdict {
  return writeInside(tokens) ?? { ok: true, keyword };
}

/**
 * `WITH a AS (…), b (x, y) AS (…) <main>`: the CTE bodies are skipped as balanced parentheses, and
 * the main statement must be a SELECT (possibly parenthesized); `WITH … INSERT` is a write.
 */
function withQuery(tokens: readonly SqlToken[], from: number): StatementVerdict {
  const inside = writeInside(tokens);
  if (inside !== undefined) return inside;
  let index = from;
  if (isWord(tokens[index], 'RECURSIVE')) index++;
  for (;;) {
    const name = tokens[index];
    if (name === undefined || (name.kind !== 'word' && name.kind !== 'identifier')) return unparseable('WITH');
    index++;
    if (isPunct(tokens[index], '(')) index = afterParentheses(tokens, index);
    if (!isWord(tokens[index], 'AS') || !isPunct(tokens[index + 1], '(')) return unparseable('WITH');
    index = afterParentheses(tokens, index + 1);
    if (!isPunct(tokens[index], ',')) break;
    index++;
  }
  while (isPunct(tokens[index], '(')) index++;
  const main = tokens[index];
  if (isWord(main, 'SELECT')) return { ok: true, keyword: 'WITH' };
  const mainKeyword = main?.kind === 'word' ? main.text.toUpperCase() : (main?.text ?? 'WITH');
  return WRITE_STATEMENTS.has(mainKeyword) ? write(mainKeyword) : unparseable(mainKeyword);
}

/**
 * `set key=value`: a setting for the job, allowed. Keys must be dotted (`odps.sql.allow.fullscan`):
 * the dot-less ones (`ProjectProtection`, `LabelSecurity`, `ObjectCreatorHasAccessPermission`) are
 * project security switches, and `SET LABEL …` has no `=`; both are writes. A `;` inside a literal or
 * comment of a SET is refused too: a client that splits settings off at the first `;` (as PyODPS
 * does) would read a different statement after it than the guard did.
 */
function setting(statement: Statement, from: number): StatementVerdict {
  const { tokens } = statement;
  if (statement.literalSemicolon) return unparseable('SET');
  const equals = tokens.findIndex((token, index) => index >= from && isPunct(token, '='));
  if (equals < 0) return write('SET');
  const key = tokens.slice(from, equals);
  const contiguous = key.every((token, index) => index === 0 || token.start === key[index - 1]?.end);
  const keyShaped = key.every((token) => token.kind === 'word' || token.kind === 'number' || isKeyPunct(token));
  if (key.length === 0 || !contiguous || !keyShaped) return unparseable('SET');
  return key.some((token) => isPunct(token, '.')) ? { ok: true, keyword: 'SET' } : write('SET');
}

/** A write word anywhere in the statement; a word right after `.` is a qualified name, not a keyword. */
function writeInside(tokens: readonly SqlToken[]): StatementVerdict | undefined {
  for (const [index, token] of tokens.entries()) {
    if (token.kind !== 'word' || isPunct(tokens[index - 1], '.')) continue;
    const word = token.text.toUpperCase();
    if (WRITES_INSIDE_QUERY.has(word)) return write(word);
  }
  return undefined;
}

/** Index after the `)` matching the `(` at `open`; past the end when unbalanced (then nothing matches). */
function afterParentheses(tokens: readonly SqlToken[], open: number): number {
  let depth = 0;
  for (let index = open; index < tokens.length; index++) {
    if (isPunct(tokens[index], '(')) depth++;
    else if (isPunct(tokens[index], ')') && --depth === 0) return index + 1;
  }
  return tokens.length;
}

function isPunct(token: SqlToken | undefined, text: string): boolean {
  return token?.kind === 'punct' && token.text === text;
}

function isKeyPunct(token: SqlToken): boolean {
  return isPunct(token, '.') || isPunct(token, '-');
}

function isWord(token: SqlToken | undefined, upper: string): boolean {
  return token?.kind === 'word' && token.text.toUpperCase() === upper;
}

function write(keyword: string): StatementVerdict {
  return { ok: false, code: 'write_statement', keyword };
}

function unparseable(keyword: string): StatementVerdict {
  return { ok: false, code: 'unparseable', keyword: Array.from(keyword).slice(0, MAX_KEYWORD).join('') };
}
