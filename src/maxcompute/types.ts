/**
 * Typed shapes of what the MaxCompute instance API returns, as the client hands them out.
 * Names follow PyODPS where one exists (status, task statuses, task results, progress stages).
 */

/** Instance-level status. There is no success/failure here: that lives in the task statuses. */
export const InstanceStatus = {
  Running: 'Running',
  Suspended: 'Suspended',
  Terminated: 'Terminated',
} as const;
export type InstanceStatus = (typeof InstanceStatus)[keyof typeof InstanceStatus];

/** Task status, normalised to upper case as PyODPS does. `FAIL` from old fixtures maps to FAILED. */
export const TaskStatus = {
  Waiting: 'WAITING',
  Running: 'RUNNING',
  Success: 'SUCCESS',
  Failed: 'FAILED',
  Suspended: 'SUSPENDED',
  Cancelled: 'CANCELLED',
} as const;
export type TaskStatus = (typeof TaskStatus)[keyof typeof TaskStatus];

/** Plain GET or `?instancestatus` on one instance: body status plus the x-odps-* headers. */
export interface InstanceStatusInfo {
  readonly status: InstanceStatus;
  readonly owner?: string;
  readonly startTime?: Date;
  /** Absent while the instance is running. */
  readonly endTime?: Date;
}

export interface TaskStatusInfo {
  readonly name: string;
  /** Task type from the `Type` attribute, e.g. `SQL`; unknown types are passed through. */
  readonly type: string;
  readonly status: TaskStatus;
  readonly startTime?: Date;
  readonly endTime?: Date;
}

/** `?taskstatus`: the instance status and its tasks in document order. */
export interface TaskStatusesInfo {
  readonly status: InstanceStatus;
  readonly tasks: readonly TaskStatusInfo[];
}

/** One task of `?result`. `text` is already base64-decoded when `Transform="Base64"`. */
export interface TaskResult {
  readonly name: string;
  readonly type: string;
  /** `csv` for tabular SELECT output, `text` for messages, desc output and errors. */
  readonly format: 'csv' | 'text' | string;
  readonly text: string;
  readonly status?: TaskStatus;
  /** Parsed `ResultDescriptor` JSON when the server sent one. */
  readonly descriptor?: Readonly<Record<string, unknown>>;
}

/** Rows parsed from a CSV task result. A bare `\N` is SQL NULL. */
export interface ResultTable {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | null)[])[];
}

/** One `<Stage>` of `?instanceprogress`. */
export interface StageProgress {
  readonly id: string;
  readonly status: string;
  readonly backupWorkers: number;
  readonly terminatedWorkers: number;
  readonly runningWorkers: number;
  readonly totalWorkers: number;
  readonly inputRecords: number;
  readonly outputRecords: number;
  readonly finishedPercentage: number;
}

export interface TaskProgress {
  readonly stages: readonly StageProgress[];
}

/** One `<Instance>` of a listing page. */
export interface InstanceSummary {
  readonly id: string;
  readonly owner?: string;
  readonly status: InstanceStatus;
  readonly startTime?: Date;
  readonly endTime?: Date;
}

export interface InstanceListPage {
  readonly instances: readonly InstanceSummary[];
  /** Opaque paging token; undefined on the last page. */
  readonly marker?: string;
  readonly maxItems?: number;
}

/** One `<Action>` of `?xresult`. `instanceId` is undefined for `Local` steps. */
export interface XflowAction {
  readonly name: string;
  readonly nodeType: 'Instance' | 'SubWorkflow' | 'Local' | string;
  readonly instanceId?: string;
  readonly result?: string;
}

/** Task summary (`?instancesummary`): parsed JsonSummary and the plain-text summary. */
export interface TaskSummary {
  readonly json: Readonly<Record<string, unknown>>;
  readonly text: string;
}

/**
 * What MaxCompute estimates an SQL statement would cost (an `SQLCost` task; PyODPS's `SQLCost`).
 * Numbers, not bigints: an estimate is shown and sent on as JSON, which has no bigint; bytes are
 * exact up to 2^53 (8 PiB), past which they are rounded.
 */
export interface SqlCostEstimate {
  /** Bytes of input the statement would read (`Input`), which pay-as-you-go billing multiplies by the complexity. */
  readonly inputBytes: number;
  /** MaxCompute's SQL complexity (`Complexity`): 1, 1.5, 2 or 4, from its count of costly keywords. */
  readonly complexity: number;
  /** User-defined functions the statement calls (`UDF`); 0 when the service leaves it out. */
  readonly udfCount: number;
}
