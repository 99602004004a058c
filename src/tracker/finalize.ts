import { randomUUID } from 'node:crypto';
import type { Logger } from '../observability/logger.ts';
import type { InstanceDescription, MaxComputeGateway } from './maxcompute-gateway.ts';
import type { FinalNotice, FinalOutcome, TerminatedEventPublisher, TrackerNotifier } from './notifier.ts';
import type { InstanceStore } from './ports.ts';
import type { NoticeState, TrackedInstance } from './tracked-instance.ts';

export interface FinalizeDeps {
  readonly store: InstanceStore;
  readonly gateway: MaxComputeGateway;
  readonly notifier: TrackerNotifier;
  readonly events: TerminatedEventPublisher;
  readonly logger: Logger;
  readonly now: () => number;
  /** How long a claim protects a notice in progress before another poller may take it over. */
  readonly leaseMs: number;
}

/**
 * The final notice of one instance, exactly once across any number of overlapping pollers:
 *
 *   claim (conditional write, lease) -> post reply -> record ts -> file -> record -> card -> record
 *   -> event -> record -> complete (leaves the active index)
 *
 * A poller that dies mid-way leaves its recorded steps; whoever claims after the lease skips them.
 * The one window left is between Slack accepting a post and the ts being recorded (milliseconds).
 * Returns false when another poller holds the notice.
 */
export async function finalize(
  instance: TrackedInstance,
  outcome: FinalOutcome,
  description: InstanceDescription | undefined,
  deps: FinalizeDeps,
  signal?: AbortSignal,
): Promise<boolean> {
  const key = { project: instance.project, instanceId: instance.instanceId };
  const now = deps.now();
  const token = randomUUID();
  const claimed = await deps.store.claimNotice(key, { token, leaseUntil: now + deps.leaseMs, now });
  if (!claimed) return false;
  try {
    await deliver(instance, outcome, description, claimed, token, deps, signal);
  } catch (error) {
    // Give the claim back so the next tick retries now; what was recorded is not done again.
    await deps.store.releaseNotice(key, token).catch(() => undefined);
    throw error;
  }
  deps.logger.info('notice delivered', { ...key, outcome });
  return true;
}

async function deliver(
  instance: TrackedInstance,
  outcome: FinalOutcome,
  description: InstanceDescription | undefined,
  claimed: NoticeState,
  token: string,
  deps: FinalizeDeps,
  signal: AbortSignal | undefined,
): Promise<void> {
  const key = { project: instance.project, instanceId: instance.instanceId };

  const notice = await gatherNotice(instance, outcome, description, deps, signal);
  let state: NoticeState = claimed;
  const record = async (step: Parameters<InstanceStore['recordNoticeStep']>[2]) => {
    await deps.store.recordNoticeStep(key, token, step);
    state = { ...state, ...step };
  };
  const final = { ...instance, status: 'Terminated' as const, notice: state };

  if (state.postedTs === undefined) await record({ postedTs: await deps.notifier.postNotice(final, notice) });
  if (!state.csvPosted && state.postedTs !== undefined && deps.notifier.needsResultFile(final, notice)) {
    await deps.notifier.uploadResultFile(final, state.postedTs, notice);
    await record({ csvPosted: true });
  }
  if (!state.cardFinal && outcome !== 'abandoned') {
    await deps.notifier.updateCard(final, description, notice.logview);
    await record({ cardFinal: true });
  }
  if (!state.eventPublished && outcome !== 'abandoned') {
    await deps.events.publishTerminated({
      project: key.project,
      instanceId: key.instanceId,
      status: description?.status ?? 'Terminated',
      outcome,
      taskStatuses: Object.fromEntries((description?.tasks ?? []).map((task) => [task.name, task.status])),
      durationMs: notice.elapsedMs,
      logviewUrl: notice.logview[0]?.url,
      channelId: instance.channelId,
      teamId: instance.teamId,
    });
    await record({ eventPublished: true });
  }
  await deps.store.recordProgress(key, {
    status: outcome === 'abandoned' ? instance.status : 'Terminated',
    updatedAt: deps.now(),
  });
  await deps.store.completeNotice(key, token);
}

async function gatherNotice(
  instance: TrackedInstance,
  outcome: FinalOutcome,
  description: InstanceDescription | undefined,
  deps: FinalizeDeps,
  signal: AbortSignal | undefined,
): Promise<FinalNotice> {
  const key = { project: instance.project, instanceId: instance.instanceId };
  const [result, logview] = await Promise.all([
    outcome === 'succeeded' || outcome === 'failed' ? deps.gateway.result(key, { signal }, description) : undefined,
    deps.gateway.logview(key, { signal }, description).catch((error: unknown) => {
      deps.logger.warn('no Logview link for the notice', { ...key, error: String(error) });
      return [];
    }),
  ]);
  const started = description?.startTime?.getTime() ?? instance.trackedAt;
  const ended = description?.endTime?.getTime() ?? deps.now();
  return { outcome, elapsedMs: Math.max(0, ended - started), logview, ...(result ? { result } : {}) };
}

/** How an ended instance ended, from its task statuses. */
export function outcomeOf(description: InstanceDescription): FinalOutcome {
  if (description.tasks.some((task) => task.status === 'FAILED')) return 'failed';
  if (description.tasks.some((task) => task.status === 'CANCELLED')) return 'cancelled';
  return description.successful ? 'succeeded' : 'failed';
}
