import type { InstanceKey } from './ports.ts';

/**
 * What the product needs from MaxCompute, in its own terms. The adapter (src/gateway/client-gateway.ts)
 * maps it onto the client, types and errors alike (./gateway-error.ts); the tracker core and the
 * Slack layer depend only on this. Every call takes an AbortSignal so a Slack acknowledgement never
 * waits past its budget.
 */

/** An instance's own status: whether it succeeded is in its tasks. */
export type InstanceStatus = 'Running' | 'Suspended' | 'Terminated';

export type TaskStatus = 'WAITING' | 'RUNNING' | 'SUCCESS' | 'FAILED' | 'SUSPENDED' | 'CANCELLED';

/** One instance of a listing. */
export interface InstanceSummary {
  readonly id: string;
  readonly owner?: string;
  readonly status: InstanceStatus;
  readonly startTime?: Date;
  readonly endTime?: Date;
}

/** A tabular result: column names and rows, SQL NULL as null. */
export interface ResultTable {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | null)[])[];
}
export interface CallBudget {
  readonly signal?: AbortSignal;
}

export interface SubmitSqlInput {
  readonly project: string;
  readonly sql: string;
  readonly hints: Readonly<Record<string, string>>;
  /** Makes the submission idempotent at MaxCompute: the same Guid never creates a second instance. */
  readonly guid: string;
  readonly jobName?: string;
  /** 0 (first) to 9 (last); MaxCompute's default (9) when absent. */
  readonly priority?: number;
}

export interface TaskDescription {
  readonly name: string;
  /** The task type (`SQL`, or the XFlow's own type); absent when unknown. */
  readonly type?: string;
  readonly status: TaskStatus;
  /** PyODPS's stage string, when the task reported stages. */
  readonly stages?: string;
  /** Mean finished percentage over the stages. */
  readonly percent?: number;
}

export interface InstanceDescription {
  readonly project: string;
  readonly instanceId: string;
  readonly status: InstanceStatus;
  readonly successful: boolean;
  readonly owner?: string;
  readonly startTime?: Date;
  readonly endTime?: Date;
  readonly tasks: readonly TaskDescription[];
}

/**
 * MaxCompute's result API (`?result`) returns at most this many rows of a SELECT; past it the task's
 * result descriptor says `TRUNCATED`. Only the Instance Tunnel reads the rest.
 */
export const RESULT_API_ROW_CAP = 10_000;

/**
 * Whether a table is the whole result: `truncated` when MaxCompute says it cut it, `unknown` when it
 * sent no descriptor and the table holds exactly {@link RESULT_API_ROW_CAP} rows (it may have been
 * cut), `complete` otherwise. Nothing that is not `complete` is ever called the full result.
 */
export type ResultCompleteness = 'complete' | 'truncated' | 'unknown';

export type InstanceResult =
  | {
      readonly kind: 'table';
      readonly taskName: string;
      readonly table: ResultTable;
      readonly csv: string;
      readonly completeness: ResultCompleteness;
    }
  | { readonly kind: 'text'; readonly taskName: string; readonly text: string }
  | { readonly kind: 'failed'; readonly taskName: string; readonly errorText: string }
  | { readonly kind: 'cancelled'; readonly taskName: string };

export interface LogviewEntry {
  /** The XFlow step; undefined for the instance itself. */
  readonly name?: string;
  readonly url: string;
}

export interface ListFilter {
  readonly status?: InstanceStatus;
  readonly onlyOwner?: boolean;
  readonly since?: Date;
  /** At most this many are read (the listing's order is not specified); `truncated` says there were more. */
  readonly max: number;
}

/**
 * A finished SQL instance's whole result, read through the Instance Tunnel (no 10,000-row cap), as
 * CSV text in the form the result API gives (header first): the first 10,000 rows of an export are
 * the result API's file byte for byte. Read as it is consumed, so memory does not grow with it.
 */
export interface ResultExport {
  readonly columns: readonly string[];
  /** Rows in the result, as the tunnel's session counts them. */
  readonly rowCount: number;
  /** The CSV in chunks of whole lines; an error while reading (in the port's terms) ends it. */
  csv(): AsyncIterable<string>;
}

/**
 * What MaxCompute estimates an SQL statement would cost, before anything runs: the bytes it would
 * read, its complexity (1, 1.5, 2 or 4: pay-as-you-go billing multiplies the two) and the UDFs it calls.
 */
export interface CostEstimate {
  readonly inputBytes: number;
  readonly complexity: number;
  readonly udfCount: number;
}

export interface MaxComputeGateway {
  submitSql(input: SubmitSqlInput, budget?: CallBudget): Promise<InstanceKey>;
  /**
   * MaxCompute's estimate of `sql` in `project`, without running it; waits for the estimate (a few
   * seconds), so an acknowledgement budget is better spent handing it off. A statement MaxCompute will
   * not estimate (DDL, external tables, SQL that does not compile) is a `service` error carrying the
   * ODPS code and text that say why.
   */
  estimateCost(
    project: string,
    sql: string,
    hints: Readonly<Record<string, string>>,
    budget?: CallBudget,
  ): Promise<CostEstimate>;
  /** `brief` leaves the owner out, which saves a request per instance (the poller never shows it). */
  describe(key: InstanceKey, budget?: CallBudget, detail?: 'full' | 'brief'): Promise<InstanceDescription>;
  stop(key: InstanceKey, budget?: CallBudget): Promise<'stop_requested' | 'already_terminated'>;
  /** `known`: a fresh description of the ended instance, which saves reading its task statuses again. */
  result(key: InstanceKey, budget?: CallBudget, known?: InstanceDescription): Promise<InstanceResult>;
  /** The whole result of a finished SQL instance, to export; `signal` ends the reading early. */
  exportResult(key: InstanceKey, options?: { readonly signal?: AbortSignal }): Promise<ResultExport>;
  /**
   * One link for an SQL instance; one per sub-instance for an XFlow. `known` tells an all-SQL
   * instance apart, which then needs no look at XFlow sub-instances.
   */
  logview(key: InstanceKey, budget?: CallBudget, known?: InstanceDescription): Promise<LogviewEntry[]>;
  list(
    project: string,
    filter: ListFilter,
    budget?: CallBudget,
  ): Promise<{ instances: InstanceSummary[]; truncated: boolean }>;
  /**
   * Which instances of a project are not terminated, from the listing filtered by status (all
   * pages): one request per page instead of one per instance, which is what lets the poller follow
   * thousands of instances. Only instances started at or after `since` are listed.
   */
  liveStatuses(project: string, since: Date, budget?: CallBudget): Promise<Map<string, 'Running' | 'Suspended'>>;
  /** The default project, for commands that do not name one. */
  readonly defaultProject: string;
}
