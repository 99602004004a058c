import type { DuckDBConnection } from '@duckdb/node-api';
import type { SqlWord } from './sql-words.ts';

/**
 * The UDFs a statement calls, counted once per function. MaxCompute's UDFs are the functions
 * registered in a project; the emulator's are the functions a project's own SQL created (DuckDB
 * macros, `create macro f(x) as …`), which DuckDB lists as not internal in that project's schema.
 * Built-ins, and the emulator's own helpers in `main` (the `sleep` macro), are not UDFs.
 */
export async function udfCount(
  connection: DuckDBConnection,
  project: string,
  words: readonly SqlWord[],
): Promise<number> {
  const called = new Set(words.filter((_word, i) => words[i + 1]?.text === '(').map((word) => word.text));
  if (called.size === 0) return 0;
  const reader = await connection.runAndReadAll(
    `SELECT DISTINCT lower(function_name) FROM duckdb_functions()
     WHERE NOT internal AND lower(schema_name) = lower($1)`,
    [project],
  );
  return reader.getRows().filter(([name]) => called.has(String(name))).length;
}
