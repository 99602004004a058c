import { authorizationFailure } from '../access/sql-authorization.ts';
import type { EmulatorContext } from '../context.ts';
import { costFailure } from '../cost/estimate-task.ts';
import type { InstanceRecord, TaskOutcome, TaskSpec } from '../model/instance.ts';
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
  if (first === undefined || !COMPILED_TASKS.has(first.type)) return;
  // Privileges are checked as the SQL is compiled, before any hint could make it fail.
  const denied = await authorizationFailure(context.engine, instance.project, first, instance.session);
  if (denied !== undefined) return failAtCreation(instance, first, denied);
  if (instance.plan.failText !== undefined) return;
  const runContext = {
    engine: context.engine,
    project: instance.project,
    owner: context.options.accounts[0]?.owner ?? '',
    createdAtMs: instance.createdAt,
  };
  const failure = await (first.type === 'SQLCost' ? costFailure : compileFailure)(runContext, first);
  if (failure !== undefined) failAtCreation(instance, first, failure.text);
}

/** The instance terminated when it was created: this task Failed with no stages, the others Cancelled. */
function failAtCreation(instance: InstanceRecord, first: TaskSpec, text: string): void {
  const failed: TaskOutcome = { ...textOutcome('Failed', text), ranStages: false };
  const tasks = new Map(instance.tasks.map((task) => [task.name, task === first ? failed : textOutcome('Cancelled')]));
  instance.outcome = { endAt: instance.createdAt, tasks };
}
