import type { MaxComputeClient } from '../maxcompute/client.ts';
import type {
  CallBudget,
  CostEstimate,
  InstanceDescription,
  InstanceResult,
  InstanceSummary,
  ListFilter,
  LogviewEntry,
  MaxComputeGateway,
  ResultExport,
  SubmitSqlInput,
} from '../tracker/maxcompute-gateway.ts';
import type { InstanceKey } from '../tracker/ports.ts';
import { ClientCalls } from './client-calls.ts';
import { inPortTerms } from './port-errors.ts';

/**
 * The product's MaxCompute port on the REST client (src/maxcompute): the adapter between the two,
 * outside both. Every call's errors come out in the port's terms (GatewayError), so the tracker and
 * the Slack layer never see the client's classes.
 */
export class ClientGateway implements MaxComputeGateway {
  readonly #calls: ClientCalls;

  constructor(client: MaxComputeClient, now: () => number = Date.now) {
    this.#calls = new ClientCalls(client, now);
  }

  get defaultProject(): string {
    return this.#calls.defaultProject;
  }

  submitSql(input: SubmitSqlInput, budget?: CallBudget): Promise<InstanceKey> {
    return inPortTerms(() => this.#calls.submitSql(input, budget));
  }

  estimateCost(
    project: string,
    sql: string,
    hints: Readonly<Record<string, string>>,
    budget?: CallBudget,
  ): Promise<CostEstimate> {
    return inPortTerms(() => this.#calls.estimateCost(project, sql, hints, budget));
  }

  describe(key: InstanceKey, budget?: CallBudget, detail?: 'full' | 'brief'): Promise<InstanceDescription> {
    return inPortTerms(() => this.#calls.describe(key, budget, detail));
  }

  stop(key: InstanceKey, budget?: CallBudget): Promise<'stop_requested' | 'already_terminated'> {
    return inPortTerms(() => this.#calls.stop(key, budget));
  }

  result(key: InstanceKey, budget?: CallBudget, known?: InstanceDescription): Promise<InstanceResult> {
    return inPortTerms(() => this.#calls.result(key, budget, known));
  }

  exportResult(key: InstanceKey, options: { readonly signal?: AbortSignal } = {}): Promise<ResultExport> {
    return this.#calls.exportResult(key, options);
  }

  logview(key: InstanceKey, budget?: CallBudget, known?: InstanceDescription): Promise<LogviewEntry[]> {
    return inPortTerms(() => this.#calls.logview(key, budget, known));
  }

  list(
    project: string,
    filter: ListFilter,
    budget?: CallBudget,
  ): Promise<{ instances: InstanceSummary[]; truncated: boolean }> {
    return inPortTerms(() => this.#calls.list(project, filter, budget));
  }

  liveStatuses(project: string, since: Date, budget?: CallBudget): Promise<Map<string, 'Running' | 'Suspended'>> {
    return inPortTerms(() => this.#calls.liveStatuses(project, since, budget));
  }
}
