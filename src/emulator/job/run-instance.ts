import { authorizationFailure } from '../access/sql-authorization.ts';
import { estimateSqlCost } from '../cost/estimate-task.ts';
import type { InstanceRecord, TaskOutcome, TaskSpec } from '../model/instance.ts';
import { type TaskRunner, textOutcome } from '../model/lifecycle.ts';
import type { SqlEngine } from '../sql/engine.ts';
import { runSqlTask } from '../sql/run-task.ts';

export interface InstanceRunnerContext {
  readonly engine: SqlEngine;
  /** Owner shown for every table in desc / show tables. */
  readonly projectOwner: string;
  readonly startedAt: number;
}

/**
 * Runs an instance's tasks in order (DAG RunMode Sequence). A task after a failed one is Cancelled.
 * An `emulator.fail` hint (or an XFlow that cannot run) fails the first task without running SQL.
 */
export function createInstanceRunner(context: InstanceRunnerContext): TaskRunner {
  return async (instance: InstanceRecord) => {
    const outcomes = new Map<string, TaskOutcome>();
    let failed = false;
    for (const task of instance.tasks) {
      const outcome: TaskOutcome = failed ? textOutcome('Cancelled') : await runTask(context, instance, task);
      outcomes.set(task.name, outcome);
      failed = outcome.status !== 'Success';
    }
    return outcomes;
  };
}

async function runTask(context: InstanceRunnerContext, instance: InstanceRecord, task: TaskSpec): Promise<TaskOutcome> {
  // A later task of a multi-task Job is compiled, and so authorized, when it runs (the first one
  // was when the instance was created).
  const denied = await authorizationFailure(context.engine, instance.project, task, instance.session);
  if (denied !== undefined) return { ...textOutcome('Failed', denied), ranStages: false };
  if (instance.plan.failText !== undefined) return textOutcome('Failed', instance.plan.failText);
  const runContext = {
    engine: context.engine,
    project: instance.project,
    owner: context.projectOwner,
    createdAtMs: context.startedAt,
  };
  // An SQLCost task is estimated, never run.
  const run = task.type === 'SQLCost' ? estimateSqlCost : runSqlTask;
  return run(runContext, task);
}
