import type { AssumedRoleSession } from '../access/credential-authority.ts';

/**
 * An instance as the emulator keeps it. Everything time-dependent (status, progress) is derived
 * from these fields and the clock on each read; only `outcome` changes after creation.
 */
export type InstanceStatus = 'Running' | 'Suspended' | 'Terminated';
export type TaskStatus = 'Waiting' | 'Running' | 'Success' | 'Failed' | 'Suspended' | 'Cancelled';

export interface TaskSpec {
  /** Element name in the Job, i.e. the task type: SQL, SQLCost, SQLRT; 'XFlow' for an XFlow parent. */
  readonly type: string;
  readonly name: string;
  readonly comment: string | undefined;
  /** Config/Property pairs as submitted, kept for ?source. */
  readonly properties: readonly (readonly [string, string])[];
  readonly query: string;
}

export interface JobInfo {
  readonly name: string | undefined;
  readonly comment: string | undefined;
  readonly priority: number;
  readonly runningCluster: string | undefined;
  readonly guid: string | undefined;
}

/** Hints resolved at creation: how long the instance waits and runs, and whether it must fail. */
export interface RunPlan {
  readonly suspendedMs: number;
  readonly durationMs: number;
  readonly failText: string | undefined;
}

export interface ResultColumn {
  readonly name: string;
  /** MaxCompute type name. */
  readonly type: string;
}

export interface TaskOutcome {
  readonly status: 'Success' | 'Failed' | 'Cancelled';
  readonly format: 'csv' | 'text';
  readonly text: string;
  /** Columns of a csv result. */
  readonly columns: readonly ResultColumn[] | undefined;
  readonly rowCount: number;
  readonly truncated: boolean;
  /** Where the whole result of a SELECT is kept for the tunnel (sql/result-store.ts); absent otherwise. */
  readonly fullResult?: { readonly table: string; readonly rowCount: number };
  /** False when the task failed before any stage started (parse/semantic errors): progress is empty. */
  readonly ranStages: boolean;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
}

export interface InstanceOutcome {
  readonly endAt: number;
  readonly tasks: ReadonlyMap<string, TaskOutcome>;
}

export interface XflowParameter {
  readonly key: string;
  readonly value: string;
}

export interface XflowSpec {
  readonly project: string;
  readonly name: string;
  readonly parameters: readonly XflowParameter[];
  readonly priority: number | undefined;
  readonly properties: readonly (readonly [string, string])[];
}

export interface XflowAction {
  readonly nodeType: 'Instance' | 'Local';
  readonly name: string;
  /** Empty for Local actions. */
  readonly instanceId: string;
}

export interface InstanceRecord {
  readonly id: string;
  readonly project: string;
  readonly owner: string;
  /** The role session that submitted it, whose privileges its SQL runs under; undefined for an account. */
  readonly session: AssumedRoleSession | undefined;
  readonly createdAt: number;
  readonly job: JobInfo;
  readonly tasks: readonly TaskSpec[];
  readonly settings: Readonly<Record<string, string>>;
  readonly plan: RunPlan;
  readonly xflow: { readonly spec: XflowSpec; readonly actions: readonly XflowAction[] } | undefined;
  /** Set once, when the instance terminates (ran, failed, or was stopped). */
  outcome: InstanceOutcome | undefined;
  /** Set when a stop arrived before the outcome, so progress can freeze at that moment. */
  stoppedAt: number | undefined;
}

/** When the instance leaves Suspended and starts running. */
export function runStartAt(instance: InstanceRecord): number {
  return instance.createdAt + instance.plan.suspendedMs;
}

/** When a plain instance is due to finish (XFlow parents finish with their sub-instances instead). */
export function dueAt(instance: InstanceRecord): number {
  return runStartAt(instance) + instance.plan.durationMs;
}
