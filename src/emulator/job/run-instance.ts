import { estimateSqlCost } from '../cost/estimate-task.ts';
import type { InstanceRecord, TaskOutcome } from '../model/instance.ts';
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
      if (failed) {
        outcomes.set(task.name, textOutcome('Cancelled'));
      } else if (instance.plan.failText !== undefined) {
        outcomes.set(task.name, textOutcome('Failed', instance.plan.failText));
        failed = true;
      } else {
        const runContext = {
          engine: context.engine,
          project: instance.project,
          owner: context.projectOwner,
          createdAtMs: context.startedAt,
        };
        // An SQLCost task is estimated, never run.
        const run = task.type === 'SQLCost' ? estimateSqlCost : runSqlTask;
        const outcome = await run(runContext, task);
        outcomes.set(task.name, outcome);
        failed = outcome.status === 'Failed';
      }
    }
    return outcomes;
  };
}
