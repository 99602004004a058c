import type {
  CallBudget,
  InstanceDescription,
  InstanceResult,
  ListFilter,
  LogviewEntry,
  MaxComputeGateway,
  SubmitSqlInput,
  TaskDescription,
} from '../tracker/maxcompute-gateway.ts';
import type { InstanceKey } from '../tracker/ports.ts';
import type { MaxComputeClient } from './client.ts';
import { MaxComputeServiceError } from './errors.ts';
import type { Instance } from './instance.ts';
import { formatStageProgress } from './progress-format.ts';
import type { InstanceSummary, TaskProgress } from './types.ts';

/**
 * The tracker's MaxCompute port, on the REST client. Reads that a running instance may not answer
 * yet (progress of a task that has not started) degrade to "no stages" instead of failing the call.
 */
export class ClientGateway implements MaxComputeGateway {
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
      signal: budget.signal,
    });
    return { project: instance.project, instanceId: instance.id };
  }

  async describe(key: InstanceKey, budget: CallBudget = {}): Promise<InstanceDescription> {
    const instance = this.#instance(key);
    const [info, statuses] = await Promise.all([instance.getStatusInfo(budget), instance.getTaskStatuses(budget)]);
    const running = statuses.status !== 'Terminated';
    const tasks = await Promise.all(
      statuses.tasks.map(async (task): Promise<TaskDescription> => {
        if (!running || task.status !== 'RUNNING') return { name: task.name, status: task.status };
        const progress = await this.#progress(instance, task.name, budget);
        return progress
          ? { name: task.name, status: task.status, ...progress }
          : { name: task.name, status: task.status };
      }),
    );
    return {
      project: key.project,
      instanceId: key.instanceId,
      status: statuses.status,
      successful:
        statuses.status === 'Terminated' && tasks.length > 0 && tasks.every((task) => task.status === 'SUCCESS'),
      owner: info.owner,
      startTime: info.startTime,
      endTime: info.endTime,
      tasks,
    };
  }

  async stop(key: InstanceKey, budget: CallBudget = {}): Promise<'stop_requested' | 'already_terminated'> {
    return (await this.#instance(key).stop(budget)).outcome;
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
      return {
        kind: 'table',
        taskName: first.name,
        table: await instance.getResultTable(first.name, budget),
        csv: first.text,
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

function newestFirst(instances: InstanceSummary[]): InstanceSummary[] {
  return [...instances].sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}
