import type { MaxComputeClient } from '../maxcompute/client.ts';
import { parseResultCsv } from '../maxcompute/decode/index.ts';
import { MaxComputeServiceError } from '../maxcompute/errors.ts';
import type { Instance } from '../maxcompute/instance.ts';
import { formatStageProgress } from '../maxcompute/progress-format.ts';
import type { InstanceSummary, TaskProgress, TaskResult } from '../maxcompute/types.ts';
import {
  type CallBudget,
  type CostEstimate,
  type InstanceDescription,
  type InstanceResult,
  type ListFilter,
  type LogviewEntry,
  type MaxComputeGateway,
  RESULT_API_ROW_CAP,
  type ResultCompleteness,
  type ResultExport,
  type SubmitSqlInput,
  type TaskDescription,
} from '../tracker/maxcompute-gateway.ts';
import type { InstanceKey } from '../tracker/ports.ts';
import { openResultExport } from './result-export.ts';

/**
 * The port's calls on the REST client, with the client's own errors ({@link ClientGateway} maps
 * those). Reads that a running instance may not answer yet (progress of a task that has not
 * started) degrade to "no stages" instead of failing the call.
 */
/**
 * An estimate is a compile, answered within a second or two: polled from 200 ms, not at a query's
 * 1 s-growing pace, so a run's card is not held back a poll interval it did not need.
 */
const ESTIMATE_WAIT = { intervalMs: 200, maxIntervalMs: 2000, backoffFactor: 1.5 } as const;

export class ClientCalls implements MaxComputeGateway {
  readonly #client: MaxComputeClient;
  readonly #now: () => number;

  constructor(client: MaxComputeClient, now: () => number = Date.now) {
    this.#client = client;
    this.#now = now;
  }

  get defaultProject(): string {
    return this.#client.project;
  }

  async submitSql(input: SubmitSqlInput, budget: CallBudget = {}): Promise<InstanceKey> {
    const instance = await this.#client.runSql(input.sql, {
      project: input.project,
      hints: input.hints,
      guid: input.guid,
      jobName: input.jobName,
      ...(input.priority === undefined ? {} : { priority: input.priority }),
      signal: budget.signal,
    });
    return { project: instance.project, instanceId: instance.id };
  }

  estimateCost(
    project: string,
    sql: string,
    hints: Readonly<Record<string, string>>,
    budget: CallBudget = {},
  ): Promise<CostEstimate> {
    return this.#client.estimateSqlCost(sql, { project, hints, signal: budget.signal, ...ESTIMATE_WAIT });
  }

  async describe(
    key: InstanceKey,
    budget: CallBudget = {},
    detail: 'full' | 'brief' = 'full',
  ): Promise<InstanceDescription> {
    const instance = this.#instance(key);
    // Brief: the task statuses alone carry the status and the tasks' times; only the owner needs the
    // instance's own headers, and the poller does not show it.
    const [info, statuses] = await Promise.all([
      detail === 'full' ? instance.getStatusInfo(budget) : undefined,
      instance.getTaskStatuses(budget),
    ]);
    const times = taskTimes(statuses.tasks);
    const running = statuses.status !== 'Terminated';
    const tasks = await Promise.all(
      statuses.tasks.map(async (task): Promise<TaskDescription> => {
        const base = { name: task.name, type: task.type, status: task.status };
        if (!running || task.status !== 'RUNNING') return base;
        const progress = await this.#progress(instance, task.name, budget);
        return progress ? { ...base, ...progress } : base;
      }),
    );
    return {
      project: key.project,
      instanceId: key.instanceId,
      status: statuses.status,
      successful:
        statuses.status === 'Terminated' && tasks.length > 0 && tasks.every((task) => task.status === 'SUCCESS'),
      owner: info?.owner,
      startTime: info?.startTime ?? times.start,
      endTime: statuses.status === 'Terminated' ? (info?.endTime ?? times.end) : undefined,
      tasks,
    };
  }

  async stop(key: InstanceKey, budget: CallBudget = {}): Promise<'stop_requested' | 'already_terminated'> {
    return (await this.#instance(key).stop(budget)).outcome;
  }

  exportResult(key: InstanceKey, options: { readonly signal?: AbortSignal } = {}): Promise<ResultExport> {
    return openResultExport(this.#client, key, options.signal);
  }

  async result(key: InstanceKey, budget: CallBudget = {}, known?: InstanceDescription): Promise<InstanceResult> {
    const instance = this.#instance(key);
    const statuses = known?.status === 'Terminated' ? known : await instance.getTaskStatuses(budget);
    const results = await instance.getTaskResultDetails(budget);
    const failed = statuses.tasks.find((task) => task.status === 'FAILED');
    if (failed) {
      const text = results.find((result) => result.name === failed.name)?.text.trim();
      return { kind: 'failed', taskName: failed.name, errorText: text || `${failed.name}, status=FAILED` };
    }
    const cancelled = statuses.tasks.find((task) => task.status === 'CANCELLED');
    if (cancelled) return { kind: 'cancelled', taskName: cancelled.name };
    const first = results[0];
    if (!first) return { kind: 'text', taskName: '', text: '' };
    if (first.format === 'csv') {
      // The text is in hand already: parse it rather than asking for it again.
      const table = parseResultCsv(first.text);
      return {
        kind: 'table',
        taskName: first.name,
        table,
        csv: first.text,
        completeness: completenessOf(first.descriptor, table.rows.length),
      };
    }
    return { kind: 'text', taskName: first.name, text: first.text };
  }

  async logview(key: InstanceKey, budget: CallBudget = {}, known?: InstanceDescription): Promise<LogviewEntry[]> {
    const instance = this.#instance(key);
    const onlySql = known !== undefined && known.tasks.length > 0 && known.tasks.every((task) => task.type === 'SQL');
    const subs = onlySql ? new Map<string, Instance>() : await this.#xflowSubInstances(instance, budget);
    if (subs.size === 0) return [{ url: await instance.getLogviewAddress(budget) }];
    const entries: LogviewEntry[] = [];
    for (const [name, sub] of subs) entries.push({ name, url: await sub.getLogviewAddress(budget) });
    return entries;
  }

  async list(
    project: string,
    filter: ListFilter,
    budget: CallBudget = {},
  ): Promise<{ instances: InstanceSummary[]; truncated: boolean }> {
    const instances: InstanceSummary[] = [];
    for await (const summary of this.#client.listInstances({
      project,
      status: filter.status,
      onlyOwner: filter.onlyOwner,
      from: filter.since,
      pageSize: 100,
      signal: budget.signal,
    })) {
      if (instances.length === filter.max) return { instances: newestFirst(instances), truncated: true };
      instances.push(summary);
    }
    return { instances: newestFirst(instances), truncated: false };
  }

  async liveStatuses(
    project: string,
    since: Date,
    budget: CallBudget = {},
  ): Promise<Map<string, 'Running' | 'Suspended'>> {
    const live = new Map<string, 'Running' | 'Suspended'>();
    await Promise.all(
      (['Running', 'Suspended'] as const).map(async (status) => {
        for await (const summary of this.#client.listInstances({
          project,
          status,
          from: since,
          pageSize: LIVE_PAGE_SIZE,
          signal: budget.signal,
        })) {
          live.set(summary.id, status);
        }
      }),
    );
    return live;
  }

  #instance(key: InstanceKey): Instance {
    return this.#client.getInstance(key.instanceId, key.project);
  }

  async #progress(
    instance: Instance,
    taskName: string,
    budget: CallBudget,
  ): Promise<{ stages: string; percent: number } | undefined> {
    let progress: TaskProgress;
    try {
      progress = await instance.getTaskProgress(taskName, budget);
    } catch (error) {
      if (error instanceof MaxComputeServiceError && error.httpStatus === 404) return undefined;
      throw error;
    }
    if (progress.stages.length === 0) return undefined;
    const percent = progress.stages.reduce((sum, stage) => sum + stage.finishedPercentage, 0) / progress.stages.length;
    const stages = formatStageProgress(progress, new Date(this.#now()));
    return { stages, percent };
  }

  /** An SQL instance has no XFlow document: `?xresult` then answers with an error or no actions. */
  async #xflowSubInstances(instance: Instance, budget: CallBudget): Promise<Map<string, Instance>> {
    try {
      return await instance.getXflowSubInstances(budget);
    } catch (error) {
      if (error instanceof MaxComputeServiceError && !error.retryable) return new Map();
      throw error;
    }
  }
}

/** Large pages keep the poller's listing to a few requests; a server that caps lower just pages more. */
const LIVE_PAGE_SIZE = 1000;

/** The instance's span from its tasks: the first start and the last end. */
function taskTimes(tasks: readonly { startTime?: Date; endTime?: Date }[]): { start?: Date; end?: Date } {
  const starts = tasks.flatMap((task) => (task.startTime ? [task.startTime.getTime()] : []));
  const ends = tasks.flatMap((task) => (task.endTime ? [task.endTime.getTime()] : []));
  return {
    ...(starts.length > 0 ? { start: new Date(Math.min(...starts)) } : {}),
    ...(ends.length > 0 ? { end: new Date(Math.max(...ends)) } : {}),
  };
}

function newestFirst(instances: InstanceSummary[]): InstanceSummary[] {
  return [...instances].sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}

/**
 * The descriptor's `SelectResultStatus` says whether `?result` cut the rows (`TRUNCATED`). Without a
 * descriptor, a table of fewer rows than the cap is whole; one of exactly the cap may not be.
 */
export function completenessOf(descriptor: TaskResult['descriptor'], rows: number): ResultCompleteness {
  const status = descriptor?.SelectResultStatus;
  if (typeof status === 'string' && status.toUpperCase() === 'TRUNCATED') return 'truncated';
  if (status === undefined && rows >= RESULT_API_ROW_CAP) return 'unknown';
  return 'complete';
}
