import { type SqlStatement, splitStatements } from './split.ts';

/**
 * The MaxCompute forms the emulator accepts on top of DuckDB's SQL, turned into a plan of steps:
 *   - leading `set k=v;` statements become settings and are not sent to DuckDB;
 *   - `desc [extended] t` / `describe t` and `show tables [in p]` are answered by the emulator;
 *   - `insert overwrite table t ...` becomes DELETE + INSERT, `insert into table t` drops TABLE;
 *   - a trailing `lifecycle N` in DDL is dropped (DuckDB has no table lifecycle).
 * MaxCompute type names (string, datetime, bigint, double, boolean, decimal) are accepted by DuckDB as is.
 */
export type SqlStep =
  | { readonly kind: 'sql'; readonly text: string; readonly offset: number }
  | { readonly kind: 'desc'; readonly table: string; readonly offset: number }
  | { readonly kind: 'show-tables'; readonly project: string | undefined; readonly offset: number };

export interface PreparedScript {
  readonly settings: Readonly<Record<string, string>>;
  readonly steps: readonly SqlStep[];
}

const SET_STATEMENT = /^set\s+([^\s=]+)\s*=\s*([\s\S]*)$/i;
const TABLE_NAME = '([A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*)?)';
const DESC = new RegExp(`^(?:desc|describe)\\s+(?:extended\\s+)?(?:table\\s+)?${TABLE_NAME}$`, 'i');
const SHOW_TABLES = /^show\s+tables(?:\s+(?:in|from)\s+([A-Za-z_][A-Za-z0-9_]*))?$/i;
const INSERT_OVERWRITE = new RegExp(`^insert\\s+overwrite\\s+table\\s+${TABLE_NAME}\\s`, 'i');
const INSERT_INTO_TABLE = /^insert\s+into\s+table\s+/i;
const LIFECYCLE = /\s+lifecycle\s+\d+\s*$/i;

export function prepareScript(query: string): PreparedScript {
  const { settings, statements } = splitSettings(query);
  const steps: SqlStep[] = [];
  for (const statement of statements) steps.push(...toSteps(statement.text, statement.offset));
  return { settings, steps };
}

/**
 * The leading `set k=v;` statements as settings, and the statements after them as written (before
 * any rewriting into steps): what a cost estimate reads.
 */
export function splitSettings(query: string): { settings: Record<string, string>; statements: SqlStatement[] } {
  const settings: Record<string, string> = {};
  const statements = splitStatements(query);
  let index = 0;
  for (; index < statements.length; index++) {
    const match = SET_STATEMENT.exec(statements[index]?.text ?? '');
    if (match === null) break;
    settings[match[1] ?? ''] = (match[2] ?? '').trim();
  }
  return { settings, statements: statements.slice(index) };
}

function toSteps(text: string, offset: number): SqlStep[] {
  const desc = DESC.exec(text);
  if (desc !== null) return [{ kind: 'desc', table: desc[1] ?? '', offset }];
  const show = SHOW_TABLES.exec(text);
  if (show !== null) return [{ kind: 'show-tables', project: show[1], offset }];
  const overwrite = INSERT_OVERWRITE.exec(text);
  if (overwrite !== null) {
    const table = overwrite[1] ?? '';
    const rest = text.slice(overwrite[0].length);
    return [
      { kind: 'sql', text: `DELETE FROM ${table}`, offset },
      { kind: 'sql', text: `INSERT INTO ${table} ${rest}`, offset },
    ];
  }
  const sql = text.replace(INSERT_INTO_TABLE, 'INSERT INTO ').replace(LIFECYCLE, '');
  return [{ kind: 'sql', text: sql, offset }];
}

/** `sleep(N)` (seconds) anywhere in the SQL asks for an instance that runs at least that long. */
export function sleepHintMs(query: string): number | undefined {
  let longest: number | undefined;
  for (const match of query.matchAll(/\bsleep\s*\(\s*(\d+(?:\.\d+)?)\s*\)/gi)) {
    const ms = Math.round(Number(match[1]) * 1000);
    longest = Math.max(longest ?? 0, ms);
  }
  return longest;
}
