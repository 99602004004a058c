import { type DuckDBConnection, StatementType } from '@duckdb/node-api';
import type { TaskSpec } from '../model/instance.ts';
import { describeTable, showTables } from './catalog-commands.ts';
import { prepareScript, type SqlStep } from './dialect.ts';
import { errorText, type OdpsFailure, odpsFailure } from './odps-errors.ts';
import { odpsSelect } from './odps-select.ts';
import type { RunContext } from './run-task.ts';

/**
 * MaxCompute compiles the whole script when the instance is submitted, before anything runs, so a
 * missing table, an unknown column or a syntax error ends the instance at once. The emulator
 * compiles the same way: inside a transaction that is always rolled back, every statement is
 * prepared (DuckDB binds it), and the ones that change the catalog (CREATE, DROP, ALTER) are also
 * executed, so later statements see the tables the script makes. Only compile-time errors count
 * (those that ran no stages); an error only a run can raise stops the check, and the run reports it.
 */
export async function compileFailure(context: RunContext, task: TaskSpec): Promise<OdpsFailure | undefined> {
  const { steps } = prepareScript(task.query);
  return context.engine.inProject(context.project, async (connection) => {
    await connection.run('BEGIN TRANSACTION');
    try {
      for (const step of steps) {
        const verdict = await compileStep(connection, context, step, task.query);
        if (verdict !== 'compiled') return verdict === 'undecided' ? undefined : verdict;
      }
      return undefined;
    } finally {
      await connection.run('ROLLBACK');
    }
  });
}

const CATALOG_CHANGES: ReadonlySet<StatementType> = new Set([
  StatementType.CREATE,
  StatementType.CREATE_FUNC,
  StatementType.DROP,
  StatementType.ALTER,
]);

type Verdict = OdpsFailure | 'compiled' | 'undecided';

async function compileStep(
  connection: DuckDBConnection,
  context: RunContext,
  step: SqlStep,
  script: string,
): Promise<Verdict> {
  if (step.kind !== 'sql') {
    const answer =
      step.kind === 'desc'
        ? await describeTable(connection, context, step.table)
        : await showTables(connection, context, step.project);
    return answer.ok ? 'compiled' : { text: answer.text, ranStages: false };
  }
  try {
    // The SELECT as it will run, so `select _c0 from (select count(*) ...)` compiles as on MaxCompute.
    const prepared = await connection.prepare(await odpsSelect(connection, step.text));
    try {
      if (CATALOG_CHANGES.has(prepared.statementType)) await prepared.run();
    } finally {
      prepared.destroySync();
    }
    return 'compiled';
  } catch (error) {
    const place = { statement: step.text, script, offset: step.offset, project: context.project };
    const failure = odpsFailure(errorText(error), place);
    return failure.ranStages ? 'undecided' : failure;
  }
}
