import type { DuckDBConnection } from '@duckdb/node-api';
import type { TaskOutcome, TaskSpec } from '../model/instance.ts';
import { textOutcome } from '../model/lifecycle.ts';
import { compileFailure } from '../sql/compile.ts';
import { prepareScript, splitSettings } from '../sql/dialect.ts';
import { collectTables } from '../sql/lineage.ts';
import type { OdpsFailure } from '../sql/odps-errors.ts';
import type { RunContext } from '../sql/run-task.ts';
import { sqlComplexity } from './complexity.ts';
import { costRefusal } from './estimable.ts';
import { inputBytes } from './input-bytes.ts';
import { sqlWords } from './sql-words.ts';
import { udfCount } from './udf-count.ts';

/**
 * Why a script cannot be estimated, or undefined. A MaxCompute command (DDL, desc, …) is refused
 * before compiling, since DuckDB may not parse MaxCompute's DDL; then compile errors come first, so
 * `selec 1` is reported as the syntax error it is. Used at submission and again when the task runs.
 */
export async function costFailure(context: RunContext, task: TaskSpec): Promise<OdpsFailure | undefined> {
  const refusal = costRefusal(task.query);
  if (refusal?.isCommand) return refusal.failure;
  return (await compileFailure(context, task)) ?? refusal?.failure;
}

/**
 * An SQLCost task: the script is compiled as an SQL task would be (a missing table or a syntax error
 * fails it the same way) and checked for statements an estimate cannot cover, but never run. Its
 * result is the estimate document PyODPS's `execute_sql_cost` reads, `{"Cost":{"SQL":{…}}}`.
 * See docs/maxcompute-protocol.md, "Estimating SQL cost (the SQLCost task)".
 */
export async function estimateSqlCost(context: RunContext, task: TaskSpec): Promise<TaskOutcome> {
  const failure = await costFailure(context, task);
  if (failure !== undefined) return { ...textOutcome('Failed', failure.text), ranStages: false };
  const words = splitSettings(task.query).statements.flatMap((statement) => sqlWords(statement.text));
  return context.engine.inProject(context.project, async (connection) => {
    const inputs = tablesRead(connection, task.query, context.project);
    const bytes = await inputBytes(connection, inputs);
    const udfs = await udfCount(connection, context.project, words);
    return { ...textOutcome('Success', costDocument(bytes, sqlComplexity(words), udfs)), inputs };
  });
}

function tablesRead(connection: DuckDBConnection, query: string, project: string): string[] {
  const inputs = new Set<string>();
  for (const step of prepareScript(query).steps) collectTables(connection, step, project, inputs, new Set());
  return [...inputs];
}

/**
 * Numbers, in the order of the Java SDK's example (Input, UDF, Complexity); that example quotes
 * them, PyODPS's tests of the live service compare them as numbers. Complexity keeps one decimal
 * (`1.0`), as the service prints it; Input is written from a bigint, so every digit is exact.
 */
function costDocument(bytes: bigint, complexity: number, udfs: number): string {
  return `{"Cost":{"SQL":{"Input":${bytes},"UDF":${udfs},"Complexity":${complexity.toFixed(1)}}}}`;
}
