import type { MaxComputeGateway } from '../../tracker/maxcompute-gateway.ts';
import type { TrackedCost } from '../../tracker/tracked-instance.ts';
import type { FrontDoorDeps } from '../commands/context.ts';
import { type PricedEstimate, priceEstimate } from '../cost/pricing.ts';
import type { WorkerJob } from '../handoff.ts';

type RunJob = Extract<WorkerJob, { kind: 'run' }>;

/**
 * A run's cost, estimated before it is submitted (ODPS_COST_ESTIMATE, issue #16). MaxCompute answers
 * an estimate as a short instance of its own, so it gets at most {@link ESTIMATE_BUDGET_MS} of the
 * worker's minute: a slow estimate is a failed one, and the failure policy decides what follows.
 */

export const ESTIMATE_BUDGET_MS = 30_000;

export type RunEstimate =
  | { readonly kind: 'estimated'; readonly estimate: PricedEstimate }
  | { readonly kind: 'failed'; readonly error: unknown };

/** `gateway` is the submitter's: MaxCompute estimates only what their identity may read. */
export async function estimateRun(
  job: RunJob,
  gateway: MaxComputeGateway,
  deps: FrontDoorDeps,
  signal: AbortSignal,
): Promise<RunEstimate> {
  const budget = AbortSignal.any([signal, AbortSignal.timeout(ESTIMATE_BUDGET_MS)]);
  try {
    const estimate = await gateway.estimateCost(job.project, job.sql, job.hints, { signal: budget });
    return { kind: 'estimated', estimate: priceEstimate(estimate, deps.cost) };
  } catch (error) {
    // The worker's own deadline is not the estimate's failure: it ends the job.
    if (signal.aborted) throw error;
    deps.logger.warn('cost estimate failed', {
      requestId: job.origin.requestId,
      project: job.project,
      error: error instanceof Error ? error.message : String(error),
    });
    return { kind: 'failed', error };
  }
}

/** What the card keeps of an estimate. */
export function trackedCost(estimate: RunEstimate): TrackedCost {
  if (estimate.kind === 'failed') return { kind: 'failed' };
  const { inputBytes, complexity, price, currency } = estimate.estimate;
  return { kind: 'estimated', inputBytes, complexity, price, currency };
}
