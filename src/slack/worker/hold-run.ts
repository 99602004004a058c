import { GatewayError } from '../../tracker/gateway-error.ts';
import type { MaxComputeGateway } from '../../tracker/maxcompute-gateway.ts';
import type { RunRequest } from '../../tracker/run-requests.ts';
import type { TrackedCost } from '../../tracker/tracked-instance.ts';
import { audit } from '../audit.ts';
import type { FrontDoorDeps } from '../commands/context.ts';
import { spentToday } from '../cost/budgets.ts';
import { type Gate, gateFor } from '../cost/pricing.ts';
import { describeError, isPermissionRefusal } from '../error-text.ts';
import type { WorkerJob } from '../handoff.ts';
import { type Locale, translator } from '../i18n/catalog.ts';
import { approvalRequest, type HoldLimits, heldRunCard } from '../messages/held-run.ts';
import { errorNotice, notice } from '../messages/notices.ts';
import { deliver, removeAcknowledgement } from './deliver.ts';
import { estimateRun, trackedCost } from './run-estimate.ts';

type RunJob = Extract<WorkerJob, { kind: 'run' }>;

/**
 * The cost guard before a run is submitted (issue #16): the estimate, the day's spend, the gate. A
 * run that may go goes on with its estimate for the card; one refused is told so privately; one that
 * must wait is kept as a run request, with its card in the channel (Run it / Cancel for its submitter)
 * and, behind an approval, a request to the approvers in the card's thread or the approvals channel.
 * Redelivered, the same job finds its request kept and posts nothing twice.
 */

export type CostCheck =
  | { readonly kind: 'go'; readonly cost: TrackedCost | undefined; readonly price: number | undefined }
  | { readonly kind: 'stopped' };

export async function checkCost(
  job: RunJob,
  gateway: MaxComputeGateway,
  deps: FrontDoorDeps,
  signal: AbortSignal,
): Promise<CostCheck> {
  if (!deps.cost.estimate) return { kind: 'go', cost: undefined, price: undefined };
  const estimate = await estimateRun(job, gateway, deps, signal);
  if (estimate.kind === 'failed' && refusesThePerson(estimate.error)) {
    // MaxCompute (or STS) refuses this person outright: the run would be refused the same way.
    const t = translator(job.origin.userLocale as Locale);
    const described = describeError(estimate.error, t, { project: job.project });
    await deliver(deps, job.origin, errorNotice(described.explanation, described.original, t));
    auditOutcome(deps, job, 'refused:permission');
    return { kind: 'stopped' };
  }
  const priced = estimate.kind === 'estimated' ? estimate.estimate : undefined;
  const spent = await spentToday(deps.spend, deps.cost, job.origin, deps.now());
  const gate = gateFor({ estimate: priced, spentToday: spent }, deps.cost);
  if (gate.kind === 'go') return { kind: 'go', cost: trackedCost(estimate), price: priced?.price };
  if (gate.kind === 'refuse') {
    const t = translator(job.origin.userLocale as Locale);
    await deliver(deps, job.origin, notice(t('hold.refused'), ':no_entry:'));
    auditHold(deps, job, 'refused', gate);
    return { kind: 'stopped' };
  }
  await hold(job, { estimate, gate, spent }, deps);
  return { kind: 'stopped' };
}

async function hold(
  job: RunJob,
  checked: {
    readonly estimate: Awaited<ReturnType<typeof estimateRun>>;
    readonly gate: Extract<Gate, { kind: 'confirm' | 'approval' }>;
    readonly spent: HoldLimits['spentToday'];
  },
  deps: FrontDoorDeps,
): Promise<void> {
  const { origin } = job;
  const now = deps.now();
  const { estimate, gate } = checked;
  const { request } = await deps.runRequests.create({
    id: origin.requestId,
    teamId: origin.teamId,
    channelId: origin.channelId,
    userId: origin.userId,
    locale: origin.channelLocale,
    userLocale: origin.userLocale,
    project: job.project,
    sql: job.sql,
    hints: job.hints,
    mention: job.mention,
    ...(job.previewRows === undefined ? {} : { previewRows: job.previewRows }),
    ...(job.priority === undefined ? {} : { priority: job.priority }),
    ...(estimate.kind === 'estimated'
      ? {
          estimate: {
            inputBytes: estimate.estimate.inputBytes,
            complexity: estimate.estimate.complexity,
            udfCount: estimate.estimate.udfCount,
          },
          price: { amount: estimate.estimate.price, currency: estimate.estimate.currency },
        }
      : { estimateError: estimateFailureOf(estimate.error) }),
    gate: gate.kind,
    reasons: gate.reasons,
    createdAt: now,
    expiresAt: now + deps.cost.decisionMinutes * 60_000,
  });
  await postHeld(request, holdLimits(deps, checked.spent), deps);
  auditHold(deps, job, 'held', gate);
  await removeAcknowledgement(deps, origin);
}

/** Posts what is not posted yet: the card, then (behind an approval) the request to the approvers. */
async function postHeld(request: RunRequest, limits: HoldLimits, deps: FrontDoorDeps): Promise<void> {
  const now = deps.now();
  const channelT = translator(request.locale as Locale);
  let current = request;
  if (current.cardTs === undefined) {
    const cardTs = await deps.poster.post(current.channelId, heldRunCard(current, limits, now, channelT));
    current = (await deps.runRequests.attachMessages(current.id, { cardTs })) ?? current;
  }
  if (current.gate !== 'approval' || current.approvalMessage !== undefined) return;
  const where = deps.cost.approvalsChannel ?? current.channelId;
  const threadTs = where === current.channelId ? current.cardTs : undefined;
  const ts = await deps.poster.post(where, approvalRequest(current, limits, now, channelT), {
    ...(threadTs ? { threadTs } : {}),
  });
  await deps.runRequests.attachMessages(current.id, { approvalMessage: { channelId: where, ts } });
}

export function holdLimits(deps: FrontDoorDeps, spentToday: HoldLimits['spentToday']): HoldLimits {
  const { confirmAbove, approvalAbove, dailyBudgetUser, dailyBudgetChannel, approvers, currency } = deps.cost;
  return { confirmAbove, approvalAbove, dailyBudgetUser, dailyBudgetChannel, approvers, currency, spentToday };
}

function estimateFailureOf(error: unknown): { code: string; message: string } {
  const code = (error as { serviceCode?: unknown; code?: unknown })?.serviceCode ?? (error as { code?: unknown })?.code;
  const message = error instanceof Error ? error.message : String(error);
  return { code: typeof code === 'string' && code !== '' ? code : 'unknown', message: message || 'unknown' };
}

/** No permission for the SQL, or no credentials for the person's role that a retry could get. */
function refusesThePerson(error: unknown): boolean {
  if (isPermissionRefusal(error)) return true;
  return error instanceof GatewayError && error.code === 'identity_unavailable' && !error.retryable;
}

function auditHold(deps: FrontDoorDeps, job: RunJob, outcome: string, gate: Gate): void {
  auditOutcome(deps, job, `${outcome}:${gate.kind}${'reasons' in gate ? `:${gate.reasons.join(',')}` : ''}`);
}

function auditOutcome(deps: FrontDoorDeps, job: RunJob, outcome: string): void {
  audit(deps.logger, {
    event: 'worker',
    action: 'cost-gate',
    team: job.origin.teamId,
    channel: job.origin.channelId,
    user: job.origin.userId,
    requestId: job.origin.requestId,
    outcome,
    project: job.project,
  });
}
