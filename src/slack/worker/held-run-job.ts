import type { RunRequest } from '../../tracker/run-requests.ts';
import type { TrackedCost } from '../../tracker/tracked-instance.ts';
import type { FrontDoorDeps } from '../commands/context.ts';
import { spentToday } from '../cost/budgets.ts';
import type { WorkerJob } from '../handoff.ts';
import { type Locale, translator } from '../i18n/catalog.ts';
import { approvalRequest, type HoldLimits, heldRunCard } from '../messages/held-run.ts';
import { holdLimits } from './hold-run.ts';
import { callerOf, submitRun } from './run-job.ts';

type RunJob = Extract<WorkerJob, { kind: 'run' }>;

/**
 * A held query after a click (issue #16): its card and its approval request redrawn as the request
 * now stands (decided, or expired), and, when it was confirmed or approved, the query submitted as a
 * run would have been, its card becoming the job card. Safe twice: the submission carries the same
 * job Guid, the record keeps the first instance, and a submitted request is not submitted again.
 */
export async function heldRunJob(requestId: string, deps: FrontDoorDeps, signal: AbortSignal): Promise<void> {
  const request = await deps.runRequests.get(requestId);
  if (request === undefined) return;
  const limits = holdLimits(deps, await spentToday(deps.spend, deps.cost, request, deps.now()));
  await redrawApproval(request, limits, deps);
  const decided = request.state === 'confirmed' || request.state === 'approved';
  if (!decided) {
    if (request.cardTs !== undefined && request.state !== 'submitted') {
      await redrawCard(request, request.cardTs, limits, deps);
    }
    return;
  }
  const job: RunJob = {
    kind: 'run',
    origin: {
      requestId: request.id,
      teamId: request.teamId,
      channelId: request.channelId,
      userId: request.userId,
      userLocale: request.userLocale ?? request.locale,
      channelLocale: request.locale,
    },
    project: request.project,
    sql: request.sql,
    hints: request.hints,
    mention: request.mention ?? false,
    ...(request.previewRows === undefined ? {} : { previewRows: request.previewRows }),
    ...(request.priority === undefined ? {} : { priority: request.priority }),
  };
  // Who the submitter is to MaxCompute now, not when it was held: an unmap since then stops it here.
  const caller = await callerOf(job, deps);
  if (caller === undefined) return;
  const key = await submitRun(
    job,
    {
      cost: costOf(request),
      price: request.price?.amount,
      ...(request.cardTs ? { heldCardTs: request.cardTs } : {}),
      ...(request.decision && (request.decision.kind === 'confirmed' || request.decision.kind === 'approved')
        ? { release: { kind: request.decision.kind, by: request.decision.by, at: request.decision.at } }
        : {}),
    },
    caller,
    deps,
    signal,
  );
  if (key !== undefined) await deps.runRequests.markSubmitted(request.id, key.instanceId);
}

async function redrawCard(request: RunRequest, cardTs: string, limits: HoldLimits, deps: FrontDoorDeps): Promise<void> {
  const t = translator(request.locale as Locale);
  await deps.poster.update(request.channelId, cardTs, heldRunCard(request, limits, deps.now(), t));
}

/** The approvers' copy loses its buttons and says who decided. */
async function redrawApproval(request: RunRequest, limits: HoldLimits, deps: FrontDoorDeps): Promise<void> {
  const where = request.approvalMessage;
  if (where === undefined) return;
  const t = translator(request.locale as Locale);
  await deps.poster.update(where.channelId, where.ts, approvalRequest(request, limits, deps.now(), t));
}

function costOf(request: RunRequest): TrackedCost {
  if (request.estimate === undefined || request.price === undefined) return { kind: 'failed' };
  return {
    kind: 'estimated',
    inputBytes: request.estimate.inputBytes,
    complexity: request.estimate.complexity,
    price: request.price.amount,
    currency: request.price.currency,
  };
}
