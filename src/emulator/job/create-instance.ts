import type { AssumedRoleSession } from '../access/credential-authority.ts';
import type { EmulatorContext } from '../context.ts';
import type { InstanceRecord, JobInfo, TaskSpec, XflowAction, XflowSpec } from '../model/instance.ts';
import { prepareScript, sleepHintMs } from '../sql/dialect.ts';
import { planXflow } from '../xflow/algorithms.ts';
import { HINT_COST_DURATION, HINT_COST_FAIL, HINT_DURATION, HINT_FAIL, HINT_SUSPENDED, resolvePlan } from './hints.ts';
import { settingsOf } from './parse-submission.ts';

export interface Submitter {
  readonly project: string;
  readonly owner: string;
  /** Set when the submitter holds a role's temporary credentials. */
  readonly session: AssumedRoleSession | undefined;
}

/** A Job of SQL tasks becomes one instance, registered at once (XFlow steps: their SQL is the emulator's). */
export function createJobInstance(
  context: EmulatorContext,
  submitter: Submitter,
  job: JobInfo,
  tasks: readonly TaskSpec[],
): InstanceRecord {
  const record = newJobInstance(context, submitter, job, tasks);
  context.registry.add(record);
  return record;
}

/** How long an instance of SQLCost tasks alone runs, unless the emulator's default is shorter. */
const COST_ESTIMATE_MS = 500;

/** The instance a Job becomes, not yet registered; hints come from each task's settings and `set` prefix. */
export function newJobInstance(
  context: EmulatorContext,
  submitter: Submitter,
  job: JobInfo,
  tasks: readonly TaskSpec[],
): InstanceRecord {
  const now = context.now();
  const settings: Record<string, string> = {};
  for (const task of tasks) Object.assign(settings, settingsOf(task.properties), prepareScript(task.query).settings);
  // An SQLCost task never runs its SQL, so a sleep(N) in it makes nothing wait; and an estimate is a
  // compile, which MaxCompute answers in about a second, not a query's run time: the hints that say
  // how long the query runs (which /odps run passes on to its estimate with the rest) are not its own.
  const run = tasks.filter((task) => task.type !== 'SQLCost');
  const sleepMs = Math.max(0, ...run.map((task) => sleepHintMs(task.query) ?? 0));
  const defaultMs =
    run.length === 0
      ? Math.min(COST_ESTIMATE_MS, context.options.defaultDurationMs)
      : context.options.defaultDurationMs;
  const timing = run.length > 0 ? settings : withoutRunTiming(settings);
  return {
    id: context.newInstanceId(now),
    project: submitter.project,
    owner: submitter.owner,
    session: submitter.session,
    createdAt: now,
    job,
    tasks,
    settings,
    plan: resolvePlan(timing, sleepMs, defaultMs),
    xflow: undefined,
    outcome: undefined,
    stoppedAt: undefined,
  };
}

/**
 * An estimate's own settings: the hints that say how the query runs (how long, suspended, failing at
 * run time) are the query's, not its estimate's, since /odps run passes its hints on to the estimate
 * too. `emulator.cost.fail` fails the estimate itself; `emulator.cost.duration.ms` sets how long it takes.
 */
function withoutRunTiming(settings: Readonly<Record<string, string>>): Record<string, string> {
  const {
    [HINT_DURATION]: _duration,
    [HINT_SUSPENDED]: _suspended,
    [HINT_FAIL]: _fail,
    [HINT_COST_FAIL]: costFail,
    [HINT_COST_DURATION]: costDuration,
    ...rest
  } = settings;
  return {
    ...rest,
    ...(costFail === undefined ? {} : { [HINT_FAIL]: costFail }),
    ...(costDuration === undefined ? {} : { [HINT_DURATION]: costDuration }),
  };
}

/**
 * An XFlow becomes a parent instance plus one ordinary SQL instance per algorithm step, created at
 * once and running side by side. The parent terminates when they all have; an algorithm that is
 * not emulated (or bad parameters) makes the parent itself fail after its run time.
 */
export function createXflowInstance(
  context: EmulatorContext,
  submitter: Submitter,
  spec: XflowSpec,
  guid: string | undefined,
): InstanceRecord {
  const now = context.now();
  const settings = settingsOf(spec.properties);
  const plan = planXflow(spec);
  const basePlan = resolvePlan(settings, undefined, context.options.defaultDurationMs);
  const job: JobInfo = {
    name: undefined,
    comment: undefined,
    priority: spec.priority ?? 9,
    runningCluster: undefined,
    guid,
  };
  const parentId = context.newInstanceId(now);
  const actions: XflowAction[] = [];
  if (plan.ok) {
    for (const step of plan.steps) {
      const property: [string, string] = ['settings', JSON.stringify(settings)];
      const task: TaskSpec = {
        type: 'SQL',
        name: 'AnonymousSQLTask',
        comment: undefined,
        properties: [property],
        query: step.sql,
      };
      const sub = createJobInstance(context, submitter, { ...job, guid: undefined }, [task]);
      actions.push({ nodeType: 'Instance', name: step.name, instanceId: sub.id });
    }
    actions.push({ nodeType: 'Local', name: 'cleanup', instanceId: '' });
  }
  const record: InstanceRecord = {
    id: parentId,
    project: submitter.project,
    owner: submitter.owner,
    session: submitter.session,
    createdAt: now,
    job,
    tasks: [{ type: 'XFlow', name: spec.name, comment: undefined, properties: spec.properties, query: '' }],
    settings,
    plan: plan.ok ? basePlan : { ...basePlan, failText: plan.text },
    xflow: { spec, actions },
    outcome: undefined,
    stoppedAt: undefined,
  };
  context.registry.add(record);
  return record;
}
