import type { EmulatorContext } from '../context.ts';
import { costFailure } from '../cost/estimate-task.ts';
import type { InstanceRecord, TaskOutcome } from '../model/instance.ts';
import { textOutcome } from '../model/lifecycle.ts';
import { compileFailure } from '../sql/compile.ts';

/** Task types whose SQL MaxCompute compiles when the instance is submitted. */
const COMPILED_TASKS = new Set(['SQL', 'SQLRT', 'SQLCost']);

/**
 * Compiles a new instance's first task (sql/compile.ts). A script that does not compile terminates
 * the instance at its creation time: the task Failed with the compiler's text and no stages, the
 * tasks after it Cancelled, as a failure in a run leaves them. An SQLCost task is refused the same
 * way when it holds a statement an estimate cannot cover (cost/estimable.ts). A later task of a
 * multi-task Job is compiled when it runs, after the tasks before it have changed the catalog. An
 * `emulator.fail` hint means the SQL is never run, so it is not compiled either.
 */
export async function failIfNotCompiled(context: EmulatorContext, instance: InstanceRecord): Promise<void> {
  const [first] = instance.tasks;
  if (first === undefined || instance.plan.failText !== undefined || !COMPILED_TASKS.has(first.type)) return;
  const runContext = {
    engine: context.engine,
    project: instance.project,
    owner: context.options.accounts[0]?.owner ?? '',
    createdAtMs: instance.createdAt,
  };
  const failure = await (first.type === 'SQLCost' ? costFailure : compileFailure)(runContext, first);
  if (failure === undefined) return;
  const failed: TaskOutcome = { ...textOutcome('Failed', failure.text), ranStages: false };
  const tasks = new Map(instance.tasks.map((task) => [task.name, task === first ? failed : textOutcome('Cancelled')]));
  instance.outcome = { endAt: instance.createdAt, tasks };
}
