import { randomUUID } from 'node:crypto';
import type { Dispatcher } from 'undici';
import { type Logger, silentLogger } from '../observability/logger.ts';
import { type Clock, systemClock } from '../shared/clock.ts';
import { fourRetriesInThirtySeconds, type RetryPolicy } from '../shared/retry-policy.ts';
import { decodeTaskResults } from './decode/index.ts';
import { regionFromEndpoint } from './endpoint.ts';
import { MaxComputeDecodeError, MaxComputeInvalidInputError, MaxComputeServiceError } from './errors.ts';
import { isValidInstanceId, validateInstanceId, validateProject } from './identifiers.ts';
import { Instance, type InstanceContext } from './instance.ts';
import { type CallOptions, listInstancesPage, type StopOutcome } from './instance-api.ts';
import { type SqlTaskType, sqlJobXml, xflowJobXml } from './job-xml.ts';
import { type ListInstancesFilter, listQuery } from './list-filter.ts';
import { LogviewLinks, type LogviewOptions } from './logview.ts';
import { type ApiResponse, type CredentialSource, RequestPipeline } from './request-pipeline.ts';
import { readSqlCost } from './sql-cost.ts';
import { settingsFromHints, settingsFromSetStatements } from './sql-settings.ts';
import { TunnelEndpoints } from './tunnel/open-reader.ts';
import type { ResultReader, ResultReaderOptions } from './tunnel/result-reader.ts';
import type { InstanceListPage, InstanceSummary, SqlCostEstimate, TaskResult } from './types.ts';
import type { WaitOptions } from './wait.ts';

export type { ListInstancesFilter } from './list-filter.ts';

export interface MaxComputeClientOptions {
  /** e.g. `https://service.cn-hangzhou.maxcompute.aliyun.com/api` (`ODPS_ENDPOINT`). */
  readonly endpoint: string;
  /** Default project (`ODPS_PROJECT_NAME`); also sent as `curr_project`. */
  readonly project: string;
  /** An AccessKey (with an STS token or not), or a provider asked before every request (STS, renewed). */
  readonly credentials: CredentialSource;
  /** Signs v4 with this region (`ODPS_REGION_NAME`); by default the region read off a public endpoint. */
  readonly region?: string;
  /** undici dispatcher: an Agent with keep-alive in production, anything else in tests. */
  readonly dispatcher?: Dispatcher;
  readonly clock?: Clock;
  readonly retryPolicy?: RetryPolicy;
  readonly requestTimeoutMs?: number;
  readonly userAgent?: string;
  readonly logger?: Logger;
  readonly logview?: LogviewOptions;
  readonly random?: () => number;
  /** Job Guids; random UUIDs unless a test pins them. */
  readonly newGuid?: () => string;
  /** The Instance Tunnel's endpoint (`ODPS_TUNNEL_ENDPOINT`); asked of the service when unset. */
  readonly tunnelEndpoint?: string;
}

export type Hints = Readonly<Record<string, string | number | boolean>>;

export interface RunSqlOptions extends CallOptions {
  readonly project?: string;
  /** Per-query settings, e.g. `{ 'odps.sql.allow.fullscan': true }`. Leading `set k=v;` lines are read too. */
  readonly hints?: Hints;
  /** Non-negative; smaller runs first; default 9. */
  readonly priority?: number;
  /** The job's `<Name>`, which `listInstances({ jobName })` can filter on. */
  readonly jobName?: string;
  readonly taskName?: string;
  /** The job's unique identifier; the service deduplicates submissions that repeat it. */
  readonly guid?: string;
}

/** An estimate is submitted as runSql submits (the same hints, project, Guid) and waited for. */
export type EstimateSqlCostOptions = RunSqlOptions & WaitOptions;

export interface RunXflowOptions extends CallOptions {
  readonly project?: string;
  readonly hints?: Hints;
  readonly priority?: number;
}

const DEFAULT_PRIORITY = 9;
const SQL_TASK_NAME = 'AnonymousSQLTask';
/** PyODPS's and the Java SDK's name for an unnamed SQLCost task. */
const SQL_COST_TASK_NAME = 'AnonymousSQLCostTask';
const USER_AGENT = 'odps-chatops/0.1 (node)';

/**
 * The MaxCompute instance API of the PyODPS task-instance pages, over REST: submit SQL and XFlow,
 * list, check, get and stop instances. Per-instance reads live on {@link Instance}.
 */
export class MaxComputeClient {
  readonly project: string;
  readonly endpoint: string;
  readonly #context: InstanceContext;
  readonly #newGuid: () => string;

  constructor(options: MaxComputeClientOptions) {
    this.project = validateProject(options.project);
    const clock = options.clock ?? systemClock;
    // As PyODPS: a region given or read off a public endpoint means v4 signing.
    // See docs/maxcompute-protocol.md, "Signing (v4)".
    const region = options.region ?? regionFromEndpoint(options.endpoint);
    const pipeline = new RequestPipeline({
      endpoint: options.endpoint,
      credentials: options.credentials,
      region,
      defaultProject: this.project,
      dispatcher: options.dispatcher,
      clock,
      retryPolicy: options.retryPolicy ?? fourRetriesInThirtySeconds,
      requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
      userAgent: options.userAgent ?? USER_AGENT,
      logger: options.logger ?? silentLogger,
      random: options.random,
    });
    this.endpoint = pipeline.endpoint;
    this.#context = {
      pipeline,
      clock,
      retryPolicy: options.retryPolicy ?? fourRetriesInThirtySeconds,
      random: options.random,
      logview: new LogviewLinks(pipeline, region, options.logview),
      tunnel: new TunnelEndpoints(pipeline, options.tunnelEndpoint),
    };
    this.#newGuid = options.newGuid ?? randomUUID;
  }

  /** Submit SQL; returns at once with the new instance (PyODPS `run_sql`). */
  runSql(sql: string, options: RunSqlOptions = {}): Promise<Instance> {
    return this.#submitSql('SQL', sql, { ...options, taskName: options.taskName ?? SQL_TASK_NAME });
  }

  /**
   * What SQL would cost, without running it (PyODPS `execute_sql_cost`): an `SQLCost` task submitted
   * as runSql submits, waited for, its result read. A statement MaxCompute will not estimate (DDL,
   * external tables, SQL that does not compile) throws MaxComputeCostNotEstimableError.
   */
  async estimateSqlCost(sql: string, options: EstimateSqlCostOptions = {}): Promise<SqlCostEstimate> {
    const taskName = options.taskName ?? SQL_COST_TASK_NAME;
    const instance = await this.#submitSql('SQLCost', sql, { ...options, taskName });
    return readSqlCost(instance, taskName, options);
  }

  /** Submit SQL and wait for it to succeed (PyODPS `execute_sql`). */
  async executeSql(sql: string, options: RunSqlOptions & WaitOptions = {}): Promise<Instance> {
    const instance = await this.runSql(sql, options);
    await instance.waitForSuccess(options);
    return instance;
  }

  /**
   * Submit an XFlow (PAI) algorithm (PyODPS `run_xflow`). As PyODPS does, a bare `modelName` becomes
   * `<project>/offlinemodels/<name>` and a bare input/output table `<project>.<table>`.
   */
  async runXflow(
    xflowName: string,
    xflowProject: string,
    parameters: Readonly<Record<string, string>>,
    options: RunXflowOptions = {},
  ): Promise<Instance> {
    const project = this.#project(options.project);
    const body = xflowJobXml({
      xflowName,
      xflowProject,
      parameters: qualifyXflowParameters(project, parameters),
      settings: settingsFromHints(options.hints ?? {}),
      priority: options.priority,
    });
    // XFlow jobs carry no Guid on the wire, so this one exists only to label an uncertain outcome.
    return this.#create(project, body, this.#newGuid(), options.signal);
  }

  /** Every instance matching the filter, page after page (PyODPS `list_instances`). */
  async *listInstances(filter: ListInstancesFilter = {}): AsyncGenerator<InstanceSummary> {
    for await (const page of this.listInstancePages(filter)) yield* page.instances;
  }

  async *listInstancePages(filter: ListInstancesFilter = {}): AsyncGenerator<InstanceListPage> {
    const project = this.#project(filter.project);
    const query = listQuery(filter);
    let marker: string | undefined;
    do {
      const page = await listInstancesPage(this.#context.pipeline, project, { ...query, marker }, filter);
      yield page;
      marker = page.marker;
    } while (marker !== undefined);
  }

  /** A handle on an instance; makes no request. The id is validated here, before any request exists. */
  getInstance(instanceId: string, project?: string): Instance {
    return new Instance(this.#context, { project: this.#project(project), id: validateInstanceId(instanceId) });
  }

  /** An instance's whole result through the Instance Tunnel; see {@link Instance.openResultReader}. */
  openResultReader(
    instanceId: string,
    options: ResultReaderOptions & { project?: string } = {},
  ): Promise<ResultReader> {
    return this.getInstance(instanceId, options.project).openResultReader(options);
  }

  /** PyODPS `exist_instance`: a plain GET; NoSuchObject means false, any other error is thrown. */
  async existInstance(instanceId: string, options: CallOptions & { project?: string } = {}): Promise<boolean> {
    const instance = this.getInstance(instanceId, options.project);
    try {
      await instance.getStatusInfo(options);
      return true;
    } catch (error) {
      if (isNoSuchObject(error)) return false;
      throw error;
    }
  }

  /** PyODPS `stop_instance`; a finished instance yields `already_terminated`, not an error. */
  async stopInstance(instanceId: string, options: CallOptions & { project?: string } = {}): Promise<StopOutcome> {
    return this.getInstance(instanceId, options.project).stop(options);
  }

  /** PyODPS `get_xflow_sub_instances`. */
  getXflowSubInstances(instance: Instance, options: CallOptions = {}): Promise<Map<string, Instance>> {
    return instance.getXflowSubInstances(options);
  }

  /** The one way an SQL job is built and sent, whether it runs the SQL or estimates it. */
  async #submitSql(
    taskType: SqlTaskType,
    sql: string,
    options: RunSqlOptions & { readonly taskName: string },
  ): Promise<Instance> {
    if (sql.trim() === '') throw new MaxComputeInvalidInputError('sql', 'The SQL text is empty');
    const project = this.#project(options.project);
    const guid = options.guid ?? this.#newGuid();
    const settings = { ...settingsFromSetStatements(sql), ...settingsFromHints(options.hints ?? {}) };
    const body = sqlJobXml({
      sql,
      taskType,
      taskName: options.taskName,
      settings,
      priority: options.priority ?? DEFAULT_PRIORITY,
      guid,
      uuid: randomUUID(),
      jobName: options.jobName,
    });
    return this.#create(project, body, guid, options.signal);
  }

  #project(project: string | undefined): string {
    return project === undefined ? this.project : validateProject(project);
  }

  async #create(project: string, body: string, guid: string, signal: AbortSignal | undefined): Promise<Instance> {
    const created = await this.#context.pipeline.send({
      method: 'POST',
      path: `/projects/${project}/instances`,
      body,
      contentType: 'application/xml',
      retry: 'create',
      guid,
      signal,
      decode: (response) => decodeCreated(response),
    });
    return new Instance(this.#context, { project, id: created.id }, created.syncResults);
  }
}

/**
 * The id is the last segment of `Location`. A synchronous instance also returns its results
 * in the body; they are kept so no second request is needed.
 * See docs/maxcompute-protocol.md, "The create response".
 */
function decodeCreated(response: ApiResponse): { id: string; syncResults?: TaskResult[] } {
  const location = response.headers.location ?? '';
  const id = location.slice(location.lastIndexOf('/') + 1);
  if (!isValidInstanceId(id)) throw new MaxComputeDecodeError('create', 'the answer has no usable Location header');
  if (response.body.trim() === '') return { id };
  return { id, syncResults: decodeTaskResults(response.body) };
}

function qualifyXflowParameters(project: string, parameters: Readonly<Record<string, string>>): Record<string, string> {
  const qualified: Record<string, string> = {};
  for (const [key, value] of Object.entries(parameters)) {
    if (key === 'modelName' && !value.includes('/')) qualified[key] = `${project}/offlinemodels/${value}`;
    else if ((key === 'inputTableName' || key === 'outputTableName') && !value.includes('.')) {
      qualified[key] = `${project}.${value}`;
    } else qualified[key] = value;
  }
  return qualified;
}

/** NoSuchProject is deliberately not "no such instance": a wrong project is an error worth seeing. */
function isNoSuchObject(error: unknown): boolean {
  return error instanceof MaxComputeServiceError && error.serviceCode === 'NoSuchObject';
}
