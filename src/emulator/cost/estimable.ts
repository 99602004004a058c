import { splitSettings } from '../sql/dialect.ts';
import type { OdpsFailure } from '../sql/odps-errors.ts';
import { lineColumnAt } from '../sql/split.ts';
import { type SqlWord, sqlWords } from './sql-words.ts';

/**
 * Which statements a cost estimate covers. MaxCompute estimates SQL jobs, the ones its billing
 * charges by input and complexity: queries and DML (the Java SDK's own test estimates an INSERT …
 * VALUES), and CREATE TABLE … AS SELECT, which is a query writing a table. DDL reads no input and is
 * not billed as an SQL job, so CREATE (other than CTAS), DROP, ALTER, TRUNCATE, `desc`, `show` and
 * the like are refused, as are external tables, which the service documents it cannot estimate (the
 * emulator has none to read, so only CREATE EXTERNAL TABLE meets this). MaxCompute's own refusal
 * text is not documented; the emulator's is a semantic error, `ODPS-0130071`, at the statement.
 *
 * A statement that starts with a word MaxCompute knows as a command (CREATE, DROP, desc, …) is
 * refused before it is compiled, so MaxCompute-only DDL that DuckDB cannot parse (CREATE EXTERNAL
 * TABLE … STORED BY …) is still refused as DDL. Any other first word is left to the compiler first:
 * `selec 1` is a syntax error, not a statement of kind SELEC.
 */
const ESTIMABLE_FIRST_WORDS: ReadonlySet<string> = new Set([
  'select',
  'with',
  'from',
  'values',
  'insert',
  'update',
  'delete',
  'merge',
]);

/** First words of MaxCompute commands that are not SQL jobs. */
const COMMAND_WORDS: ReadonlySet<string> = new Set([
  'create',
  'drop',
  'alter',
  'truncate',
  'desc',
  'describe',
  'show',
  'use',
  'set',
  'grant',
  'revoke',
  'explain',
  'analyze',
  'msck',
  'load',
  'unload',
]);

export interface CostRefusal {
  readonly failure: OdpsFailure;
  /** The statement starts with a MaxCompute command word, so it is refused even before compiling. */
  readonly isCommand: boolean;
}

/** The first statement of the script that cannot be estimated; undefined when all can. */
export function costRefusal(query: string): CostRefusal | undefined {
  const { statements } = splitSettings(query);
  if (statements.length === 0) {
    const text = 'ODPS-0130161:[1,1] Parse exception - there is no statement to estimate';
    return { failure: { text, ranStages: false }, isCommand: true };
  }
  for (const statement of statements) {
    const words = sqlWords(statement.text).filter((word) => word.text !== '(');
    const kind = unestimableKind(words);
    if (kind === undefined) continue;
    const { line, column } = lineColumnAt(query, statement.offset);
    const detail = `cost estimation does not support ${kind} statements`;
    const text = `ODPS-0130071:[${line},${column}] Semantic analysis exception - ${detail}`;
    return { failure: { text, ranStages: false }, isCommand: COMMAND_WORDS.has(words[0]?.text ?? '') };
  }
  return undefined;
}

/** The statement's kind as MaxCompute would name it (`DROP`, `CREATE VIEW`), or undefined when it can be estimated. */
function unestimableKind(bare: readonly SqlWord[]): string | undefined {
  const first = bare[0]?.text ?? '';
  if (ESTIMABLE_FIRST_WORDS.has(first)) return undefined;
  if (first !== 'create') return first.toUpperCase();
  const modifiers = new Set(['or', 'replace', 'temporary', 'temp']);
  const rest = bare.slice(1).filter((word) => !modifiers.has(word.text));
  if (rest[0]?.text === 'external') return 'CREATE EXTERNAL TABLE';
  const object = rest[0]?.text ?? '';
  const isCtas = object === 'table' && rest.some((word) => word.text === 'select');
  return isCtas ? undefined : `CREATE ${object.toUpperCase()}`.trim();
}
