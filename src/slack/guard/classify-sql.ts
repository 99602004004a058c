import { classifyStatement, type StatementVerdict } from './classify-statement.ts';
import { lexSql } from './sql-lexer.ts';
import { type Statement, splitStatements } from './statements.ts';
import type { RefusalReason, SqlVerdict, StatementInfo } from './verdict.ts';

/**
 * The read-only guard for channels that may only read: is this SQL nothing but queries (SELECT,
 * WITH … SELECT), inspections (DESC, SHOW, EXPLAIN) and settings (`set k=v`)? Anything else, and
 * anything it cannot read with certainty, is refused.
 *
 * This is a guard for people, against a mistaken paste or a teammate's habit, not a security
 * boundary: it cannot see what a UDF or a `TRANSFORM … USING` script does, and its reading of
 * MaxCompute's grammar is an approximation. What the bot may do is decided by the permissions of
 * the MaxCompute account it runs as; give a read-only channel a read-only account.
 */
const MAX_STATEMENT = 120;

export function classifySql(sql: string): SqlVerdict {
  // Untyped input at runtime (a modal's value, a queue message) must be refused, not crash.
  const input = typeof sql === 'string' ? sql : '';
  const statements = splitStatements(input, lexSql(input));
  if (statements.length === 0) return { readOnly: false, reason: { code: 'empty' } };
  const judged = statements.map((statement) => ({ statement, verdict: classifyStatement(statement) }));
  const accepted: StatementInfo[] = [];
  const refused: Refused[] = [];
  for (const { statement, verdict } of judged) {
    if (verdict.ok) accepted.push({ keyword: verdict.keyword, text: statement.text });
    else refused.push({ statement, verdict });
  }
  // The first write, else the first unreadable statement: naming the write is the more useful answer.
  const shown = refused.find(({ verdict }) => verdict.code === 'write_statement') ?? refused[0];
  if (shown === undefined) return { readOnly: true, statements: accepted };
  // Settings do not make a script: `set …; insert …` is one write, `select …; drop …` is two statements.
  const runnable = judged.filter(({ verdict }) => !(verdict.ok && verdict.keyword === 'SET')).length;
  const { code, keyword } = shown.verdict;
  const reason: RefusalReason = {
    code: code === 'write_statement' && runnable > 1 ? 'multiple_statements_with_write' : code,
    keyword,
  };
  return { readOnly: false, reason, statement: truncate(shown.statement.text) };
}

interface Refused {
  readonly statement: Statement;
  readonly verdict: Extract<StatementVerdict, { ok: false }>;
}

function truncate(text: string): string {
  const points = Array.from(text);
  return points.length > MAX_STATEMENT ? points.slice(0, MAX_STATEMENT).join('') : text;
}
