import type { Clock } from '../shared/clock.ts';
import type { RetryPolicy } from '../shared/retry-policy.ts';
import { parseResultCsv } from './decode/index.ts';
import { MaxComputeDecodeError, MaxComputeInstanceFailedError, MaxComputeInvalidInputError } from './errors.ts';
import { isValidInstanceId, validateTaskName } from './identifiers.ts';
import * as api from './instance-api.ts';
import type { LogviewLinks } from './logview.ts';
import { formatStageProgress } from './progress-format.ts';
import type { RequestPipeline } from './request-pipeline.ts';
import { openResultReader, type TunnelEndpoints } from './tunnel/open-reader.ts';
import type { ResultReader, ResultReaderOptions } from './tunnel/result-reader.ts';
import type {
  InstanceStatus,
  InstanceStatusInfo,
  ResultTable,
  TaskProgress,
  TaskResult,
  TaskStatusesInfo,
  TaskSummary,
  XflowAction,
} from './types.ts';
import { pollUntilTerminated, type WaitOptions } from './wait.ts';

/** What an Instance handle needs from its client. */
export interface InstanceContext {
  readonly pipeline: RequestPipeline;
  readonly logview: LogviewLinks;
  readonly clock: Clock;
  readonly retryPolicy: RetryPolicy;
  readonly random?: () => number;
  readonly tunnel: TunnelEndpoints;
}

type CallOptions = api.CallOptions;

/** Nested SubWorkflows deeper than this are not followed (a cycle would otherwise never end). */
const MAX_XFLOW_DEPTH = 8;

/**
 * A handle on one MaxCompute instance, with PyODPS's instance methods. Creating one makes no
 * request; every method reads the service afresh (nothing is cached but the sync-create results).
 */
export class Instance implements api.InstanceRef {
  readonly project: string;
  readonly id: string;
  readonly #context: InstanceContext;
  /** Results that came in the create response of a synchronous instance. */
  readonly #syncResults: readonly TaskResult[] | undefined;

  constructor(context: InstanceContext, ref: api.InstanceRef, syncResults?: readonly TaskResult[]) {
    this.#context = context;
    this.project = ref.project;
    this.id = ref.id;
    this.#syncResults = syncResults;
  }

  /**
   * The whole result, of any size, through the Instance Tunnel (PyODPS `open_reader(tunnel=True)`):
   * `reader.columns`, `reader.recordCount`, then `for await (const rows of reader.rows())`.
   */
  openResultReader(options: ResultReaderOptions = {}): Promise<ResultReader> {
    return openResultReader(this.#context, this, options);
  }

  getStatusInfo(options: CallOptions = {}): Promise<InstanceStatusInfo> {
    return api.getInstanceStatus(this.#context.pipeline, this, options);
  }

  async status(options: CallOptions = {}): Promise<InstanceStatus> {
    return (await this.getStatusInfo(options)).status;
  }

  async isTerminated(options: CallOptions = {}): Promise<boolean> {
    return (await this.status(options)) === 'Terminated';
  }

  /** Terminated and every task `SUCCESS`; false while running or after a failure. */
  async isSuccessful(options: CallOptions = {}): Promise<boolean> {
    return allSucceeded(await this.getTaskStatuses(options));
  }

  waitForCompletion(options: WaitOptions = {}): Promise<InstanceStatusInfo> {
    return pollUntilTerminated(
      this.id,
      (signal) => api.getInstanceStatus(this.#context.pipeline, this, { blocking: true, signal }),
      this.#context.clock,
      options,
    );
  }

  /**
   * Waits, then checks the tasks. The first task that did not succeed becomes a
   * MaxComputeInstanceFailedError: with its error text when it FAILED, or `<task>, status=<STATUS>`
   * otherwise (e.g. CANCELLED after a stop), as PyODPS words it.
   * See docs/maxcompute-protocol.md, "Waiting for an instance".
   */
  async waitForSuccess(options: WaitOptions = {}): Promise<TaskStatusesInfo> {
    await this.waitForCompletion(options);
    const statuses = await this.getTaskStatuses({ signal: options.signal });
    if (allSucceeded(statuses)) return statuses;
    const failed = statuses.tasks.find((task) => task.status !== 'SUCCESS');
    if (!failed) throw new MaxComputeDecodeError('taskstatus', 'a terminated instance reported no tasks');
    let taskMessage = `${failed.name}, status=${failed.status}`;
    if (failed.status === 'FAILED') {
      const results = await this.getTaskResultDetails({ signal: options.signal });
      const text = results.find((result) => result.name === failed.name)?.text.trim();
      if (text) taskMessage = text;
    }
    throw new MaxComputeInstanceFailedError({
      instanceId: this.id,
      taskName: failed.name,
      taskStatus: failed.status,
      taskMessage,
    });
  }

  getTaskStatuses(options: CallOptions = {}): Promise<TaskStatusesInfo> {
    return api.getTaskStatuses(this.#context.pipeline, this, options);
  }

  async getTaskNames(options: CallOptions = {}): Promise<string[]> {
    return (await this.getTaskStatuses(options)).tasks.map((task) => task.name);
  }

  /** Every task's result with its format and status, in document order. */
  async getTaskResultDetails(options: CallOptions = {}): Promise<readonly TaskResult[]> {
    return this.#syncResults ?? api.getTaskResults(this.#context.pipeline, this, options);
  }

  /** Task name → result text, ordered as the service lists them (PyODPS's OrderedDict). */
  async getTaskResults(options: CallOptions = {}): Promise<Map<string, string>> {
    const results = await this.getTaskResultDetails(options);
    return new Map(results.map((result) => [result.name, result.text]));
  }

  /** One task's result text; without a name, the first task's (an SQL instance has one task). */
  async getTaskResult(taskName?: string, options: CallOptions = {}): Promise<string> {
    return (await this.#taskResult(taskName, options)).text;
  }

  /** A CSV task result as columns and rows; a text result (DDL, desc, errors) is refused. */
  async getResultTable(taskName?: string, options: CallOptions = {}): Promise<ResultTable> {
    const result = await this.#taskResult(taskName, options);
    if (result.format !== 'csv') {
      throw new MaxComputeInvalidInputError('taskName', `Task ${result.name} has a ${result.format} result, not rows`);
    }
    return parseResultCsv(result.text);
  }

  async #taskResult(taskName: string | undefined, options: CallOptions): Promise<TaskResult> {
    const results = await this.getTaskResultDetails(options);
    const result = taskName === undefined ? results[0] : results.find((each) => each.name === taskName);
    if (!result) {
      throw new MaxComputeInvalidInputError('taskName', `Instance ${this.id} has no task ${taskName ?? '(none)'}`);
    }
    return result;
  }

  getTaskProgress(taskName: string, options: CallOptions = {}): Promise<TaskProgress> {
    return api.getTaskProgress(this.#context.pipeline, this, validateTaskName(taskName), options);
  }

  /** PyODPS's `get_stage_progress_formatted_string`, stamped with the injected clock's time. */
  async getStageProgressString(taskName: string, options: CallOptions & { timeZone?: string } = {}): Promise<string> {
    const progress = await this.getTaskProgress(taskName, options);
    return formatStageProgress(progress, new Date(this.#context.clock.now()), options.timeZone);
  }

  getTaskSummary(taskName: string, options: CallOptions = {}): Promise<TaskSummary> {
    return api.getTaskSummary(this.#context.pipeline, this, validateTaskName(taskName), options);
  }

  getLogviewAddress(options: CallOptions & { hours?: number } = {}): Promise<string> {
    return this.#context.logview.address(this, options.hours, options);
  }

  stop(options: CallOptions = {}): Promise<api.StopOutcome> {
    return api.stopInstance(this.#context.pipeline, this, options);
  }

  /** `?xresult`: step name → action, in document order (PyODPS's get_xflow_results). */
  async getXflowResults(options: CallOptions = {}): Promise<Map<string, XflowAction>> {
    const actions = await api.getXflowActions(this.#context.pipeline, this, options);
    return new Map(actions.map((action) => [action.name, action]));
  }

  /**
   * Step name → sub-instance: `Instance` steps in document order, `SubWorkflow` steps
   * flattened in place, `Local` steps skipped. Each sub-instance is an ordinary instance.
   */
  async getXflowSubInstances(options: CallOptions = {}): Promise<Map<string, Instance>> {
    const found = new Map<string, Instance>();
    await this.#collectSubInstances(this, found, 0, options);
    return found;
  }

  async #collectSubInstances(
    parent: api.InstanceRef,
    found: Map<string, Instance>,
    depth: number,
    options: CallOptions,
  ): Promise<void> {
    const actions = await api.getXflowActions(this.#context.pipeline, parent, options);
    for (const action of actions) {
      if (action.instanceId === undefined || action.nodeType === 'Local') continue;
      // Ids from the service still go into request paths: hold them to the same rule as user input.
      if (!isValidInstanceId(action.instanceId)) {
        throw new MaxComputeDecodeError('xresult', `step ${action.name} has an unusable instance id`);
      }
      const child = new Instance(this.#context, { project: this.project, id: action.instanceId });
      if (action.nodeType === 'SubWorkflow') {
        if (depth < MAX_XFLOW_DEPTH) await this.#collectSubInstances(child, found, depth + 1, options);
      } else {
        found.set(action.name, child);
      }
    }
  }
}

function allSucceeded(statuses: TaskStatusesInfo): boolean {
  return (
    statuses.status === 'Terminated' &&
    statuses.tasks.length > 0 &&
    statuses.tasks.every((task) => task.status === 'SUCCESS')
  );
}
