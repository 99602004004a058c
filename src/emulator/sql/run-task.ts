import { type DuckDBConnection, ResultReturnType } from '@duckdb/node-api';
import type { TaskOutcome, TaskSpec } from '../model/instance.ts';
import { type CatalogContext, describeTable, showTables } from './catalog-commands.ts';
import { toCsv } from './csv.ts';
import { prepareScript, type SqlStep } from './dialect.ts';
import type { SqlEngine } from './engine.ts';
import { collectTables } from './lineage.ts';
import { errorText, odpsFailure } from './odps-errors.ts';
import { odpsSelect } from './odps-select.ts';
import { odpsTypeName } from './odps-types.ts';

/** Inline results stop here; the whole result is read through the Instance Tunnel. */
export const MAX_RESULT_ROWS = 10_000;

export interface RunContext extends CatalogContext {
  readonly engine: SqlEngine;
}

/** Runs one SQL task's script on DuckDB; never throws for SQL errors, they become a Failed outcome. */
export async function runSqlTask(context: RunContext, task: TaskSpec): Promise<TaskOutcome> {
  const script = prepareScript(task.query);
  return context.engine.inProject(context.project, async (connection) => {
    const inputs = new Set<string>();
    const outputs = new Set<string>();
    for (const step of script.steps) collectTables(connection, step, context.project, inputs, outputs);

    let last: TaskOutcome = textOutcome('OK', [...inputs], [...outputs]);
    for (const [index, step] of script.steps.entries()) {
      const isLast = index === script.steps.length - 1;
      try {
        last = await runStep(connection, context, step, isLast);
      } catch (error) {
        const place = { statement: stepText(step), script: task.query, offset: step.offset, project: context.project };
        const failure = odpsFailure(errorText(error), place);
        return {
          ...textOutcome(failure.text, [...inputs], [...outputs]),
          status: 'Failed',
          ranStages: failure.ranStages,
        };
      }
      if (last.status === 'Failed') return last;
    }
    return { ...last, inputs: [...inputs], outputs: [...outputs] };
  });
}

async function runStep(
  connection: DuckDBConnection,
  context: RunContext,
  step: SqlStep,
  isLast: boolean,
): Promise<TaskOutcome> {
  if (step.kind === 'desc' || step.kind === 'show-tables') {
    const answer =
      step.kind === 'desc'
        ? await describeTable(connection, context, step.table)
        : await showTables(connection, context, step.project);
    const outcome = textOutcome(answer.text, [], []);
    return answer.ok ? outcome : { ...outcome, status: 'Failed', ranStages: false };
  }
  const text = await odpsSelect(connection, step.text);
  if (!isLast) {
    await connection.run(text);
    return textOutcome('OK', [], []);
  }
  const result = await connection.stream(text);
  if (result.returnType !== ResultReturnType.QUERY_RESULT) return textOutcome('OK', [], []);
  const names = result.columnNames();
  const types = result.columnTypes().map((type) => type.toString());
  const columns = names.map((name, i) => ({ name, type: types[i] ?? 'VARCHAR' }));
  const stored = await context.engine.results.store(result, MAX_RESULT_ROWS + 1);
  const rows = stored.firstRows.slice(0, MAX_RESULT_ROWS);
  return {
    status: 'Success',
    format: 'csv',
    text: toCsv(columns, rows),
    columns: columns.map((c) => ({ name: c.name, type: odpsTypeName(c.type) })),
    rowCount: rows.length,
    truncated: stored.rowCount > MAX_RESULT_ROWS,
    fullResult: stored.table === undefined ? undefined : { table: stored.table, rowCount: stored.rowCount },
    ranStages: true,
    inputs: [],
    outputs: [],
  };
}

function textOutcome(text: string, inputs: string[], outputs: string[]): TaskOutcome {
  return {
    status: 'Success',
    format: 'text',
    text,
    columns: undefined,
    rowCount: 0,
    truncated: false,
    ranStages: true,
    inputs,
    outputs,
  };
}

function stepText(step: SqlStep): string {
  return step.kind === 'sql' ? step.text : '';
}
