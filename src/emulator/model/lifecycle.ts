import {
  dueAt,
  type InstanceRecord,
  type InstanceStatus,
  runStartAt,
  type TaskOutcome,
  type TaskSpec,
  type TaskStatus,
} from './instance.ts';
import { compare, type InstanceRegistry } from './registry.ts';

/** Runs an instance's tasks (on DuckDB) and returns each task's outcome by name. */
export type TaskRunner = (instance: InstanceRecord) => Promise<Map<string, TaskOutcome>>;

/**
 * State by the clock: an instance is Suspended, then Running, then due. Nothing advances on
 * its own: every request first calls `settle(now)`, which runs the SQL of every instance that has
 * become due, oldest due first, so reads never depend on how often anyone polled.
 * See docs/maxcompute-protocol.md, "Reads do not drive state".
 */
export class Lifecycle {
  private readonly registry: InstanceRegistry;
  private readonly runner: TaskRunner;
  private readonly executions = new Map<string, Promise<void>>();

  constructor(registry: InstanceRegistry, runner: TaskRunner) {
    this.registry = registry;
    this.runner = runner;
  }

  statusAt(instance: InstanceRecord, now: number): InstanceStatus {
    if (instance.outcome !== undefined) return 'Terminated';
    return now < runStartAt(instance) ? 'Suspended' : 'Running';
  }

  taskStatusAt(instance: InstanceRecord, task: TaskSpec, now: number): TaskStatus {
    const outcome = instance.outcome?.tasks.get(task.name);
    if (outcome !== undefined) return outcome.status;
    return now < runStartAt(instance) ? 'Suspended' : 'Running';
  }

  /** Brings every instance up to `now`: runs due SQL in due order, then closes finished XFlow parents. */
  async settle(now: number): Promise<void> {
    const due = this.registry
      .unfinished()
      .filter((instance) => !hasSubInstances(instance) && dueAt(instance) <= now)
      .sort((a, b) => dueAt(a) - dueAt(b) || compare(a.id, b.id));
    await Promise.all(due.map((instance) => this.execute(instance)));
    for (const parent of this.registry.unfinished().filter(hasSubInstances)) this.closeXflowParent(parent);
  }

  /** Stop: terminates now, tasks Cancelled; XFlow sub-instances still running are stopped too. */
  stop(instance: InstanceRecord, now: number): void {
    if (instance.outcome !== undefined) return;
    instance.stoppedAt = now;
    instance.outcome = { endAt: now, tasks: new Map(instance.tasks.map((task) => [task.name, cancelled()])) };
    for (const action of instance.xflow?.actions ?? []) {
      const sub = action.nodeType === 'Instance' ? this.registry.get(instance.project, action.instanceId) : undefined;
      if (sub !== undefined) this.stop(sub, now);
    }
  }

  private execute(instance: InstanceRecord): Promise<void> {
    let execution = this.executions.get(instance.id);
    if (execution === undefined) {
      execution = this.runner(instance)
        .catch((error: unknown) => internalFailure(instance, error))
        .then((tasks) => {
          if (instance.outcome === undefined) instance.outcome = { endAt: dueAt(instance), tasks };
          this.executions.delete(instance.id);
        });
      this.executions.set(instance.id, execution);
    }
    return execution;
  }

  private closeXflowParent(parent: InstanceRecord): void {
    const subs = (parent.xflow?.actions ?? [])
      .filter((action) => action.nodeType === 'Instance')
      .map((action) => this.registry.get(parent.project, action.instanceId));
    if (subs.some((sub) => sub?.outcome === undefined)) return;
    const outcomes = subs.flatMap((sub) => [...(sub?.outcome?.tasks.values() ?? [])]);
    const failed = outcomes.find((o) => o.status === 'Failed');
    const wasCancelled = outcomes.some((o) => o.status === 'Cancelled');
    const endAt = Math.max(parent.createdAt, ...subs.map((sub) => sub?.outcome?.endAt ?? parent.createdAt));
    const outcome: TaskOutcome =
      failed !== undefined
        ? { ...failed, status: 'Failed' }
        : wasCancelled
          ? cancelled()
          : { ...cancelled(), status: 'Success', text: 'OK' };
    parent.outcome = { endAt, tasks: new Map(parent.tasks.map((task) => [task.name, outcome])) };
  }
}

function hasSubInstances(instance: InstanceRecord): boolean {
  return (instance.xflow?.actions ?? []).some((action) => action.nodeType === 'Instance');
}

/** An emulator bug or a closed engine must still end the instance, as the service's internal errors do. */
function internalFailure(instance: InstanceRecord, error: unknown): Map<string, TaskOutcome> {
  const detail = error instanceof Error ? error.message : String(error);
  const failed: TaskOutcome = {
    ...cancelled(),
    status: 'Failed',
    text: `ODPS-0010000:System internal error - ${detail}`,
  };
  return new Map(instance.tasks.map((task) => [task.name, failed]));
}

function cancelled(): TaskOutcome {
  return textOutcome('Cancelled');
}

/** A task that produced text (or nothing) rather than rows. */
export function textOutcome(status: TaskOutcome['status'], text = ''): TaskOutcome {
  return {
    status,
    format: 'text',
    text,
    columns: undefined,
    rowCount: 0,
    truncated: false,
    ranStages: true,
    inputs: [],
    outputs: [],
  };
}
