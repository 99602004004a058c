import { randomUUID } from 'node:crypto';
import type { Logger } from '../observability/logger.ts';
import { withRetries } from '../shared/retry.ts';
import { doublingPolicy } from '../shared/retry-policy.ts';
import type { InstanceDescription, MaxComputeGateway } from './maxcompute-gateway.ts';
import {
  DeliveryRefusedError,
  type FinalNotice,
  type FinalOutcome,
  type TerminatedEventPublisher,
  type TrackerNotifier,
} from './notifier.ts';
import type { InstanceKey, InstanceStore, NoticeCompletion } from './ports.ts';
import type { NoticeState, NoticeStep, TrackedInstance } from './tracked-instance.ts';

export interface FinalizeDeps {
  readonly store: InstanceStore;
  readonly gateway: MaxComputeGateway;
  readonly notifier: TrackerNotifier;
  readonly events: TerminatedEventPublisher;
  readonly logger: Logger;
  readonly now: () => number;
  /** The pauses between attempts of a write tried again in place. */
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** How long a claim protects a notice in progress before another poller may take it over. */
  readonly leaseMs: number;
}

/**
 * The final notice of one instance, exactly once across any number of overlapping pollers:
 *
 *   claim (conditional write, lease; returns the record) -> read (results, Logview)
 *   -> [renew] record attempt -> (taken over: find the earlier post) post reply -> record ts
 *   -> [renew] file -> record -> [renew] card -> [renew] event
 *   -> complete (with the card, the event and the instance's last status)
 *
 * The claim is also the read of the record: the write returns the item as it now is, strongly
 * consistent, so a notice costs no separate read by key. Before each step the lease is renewed
 * unless three quarters of it are still left, so a step never starts after another poller took over
 * (or close to it), however long MaxCompute's reads took; while a step runs it is renewed too, so a
 * slow Slack call is not taken over mid-post (for at most two leases). A poller that dies mid-way
 * leaves its recorded steps; whoever claims after the lease skips them. A failed step (or read)
 * gives the claim back.
 * Recording a step is retried in place, because a record lost after Slack accepted the post would
 * mean a second post. The attempt to post is recorded before the post; a poller that takes over an
 * attempted but unrecorded post first asks Slack for it (the notice's metadata), so a post whose
 * answer was lost, to a crash or to a call that outlived the lease, is found rather than repeated.
 *
 * A step Slack refuses for good (DeliveryRefusedError: the bot is not in the channel, the channel is
 * gone, the card was deleted) is given up: an error line in the log and, for the reply itself,
 * `undeliverable` on the record; the other steps still run and the notice is completed, so the
 * instance leaves the active index instead of being retried every tick while its record lives.
 * Returns false when another poller holds the notice or it is done.
 */
export async function finalize(
  key: InstanceKey,
  outcome: FinalOutcome,
  description: InstanceDescription | undefined,
  deps: FinalizeDeps,
  signal?: AbortSignal,
): Promise<boolean> {
  const token = randomUUID();
  const claim = () => deps.store.claimNotice(key, { token, leaseUntil: deps.now() + deps.leaseMs, now: deps.now() });
  const instance = await claim();
  if (!instance?.notice) return false;
  const claimed = instance.notice;
  try {
    const notice = await gatherNotice(instance, outcome, description, deps, signal);
    const renew = async () => (await claim())?.notice;
    await deliver(instance, outcome, description, notice, claimed, { token, renew }, deps);
  } catch (error) {
    // Give the claim back so the next tick retries now; what was recorded is not done again. A lost
    // lease belongs to someone else already.
    if (!(error instanceof LeaseLostError)) await deps.store.releaseNotice(key, token).catch(() => undefined);
    throw error;
  }
  return true;
}

/** Another poller took the notice over (this one was too slow): stop without touching it. */
export class LeaseLostError extends Error {
  readonly code = 'notice_lease_lost';
  readonly retryable = false;

  constructor(instanceId: string) {
    super(`The notice of ${instanceId} was taken over by another poller`);
    this.name = 'LeaseLostError';
  }
}

/** Attempts for recording a finished step: losing a record after Slack accepted a post means a duplicate. */
const RECORD_RETRIES = doublingPolicy(4, 100);

async function deliver(
  instance: TrackedInstance,
  outcome: FinalOutcome,
  description: InstanceDescription | undefined,
  notice: FinalNotice,
  claimed: NoticeState,
  lease: { readonly token: string; readonly renew: () => Promise<NoticeState | undefined> },
  deps: FinalizeDeps,
): Promise<void> {
  const key = { project: instance.project, instanceId: instance.instanceId };
  let state: NoticeState = claimed;
  // Before each step the lease is renewed (same token) unless three quarters of it are left: a step
  // starts only while this poller holds it, and a rate-limit wait must end in the lease's first half.
  // Skipping the renewal of a fresh lease saves a conditional write per step (about half of a notice's
  // store writes): nobody else can claim before `heldUntil`.
  let heldUntil = claimed.leaseUntil;
  let stepDeadline = 0;
  const renew = async () => {
    if (heldUntil - deps.now() < (deps.leaseMs * 3) / 4) {
      const renewed = await lease.renew();
      if (!renewed) throw new LeaseLostError(key.instanceId);
      heldUntil = renewed.leaseUntil;
    }
    stepDeadline = deps.now() + (heldUntil - deps.now()) / 2;
  };
  const record = async (step: NoticeStep) => {
    await inPlace(deps, () => deps.store.recordNoticeStep(key, lease.token, step));
    state = { ...state, ...step };
  };
  const final = { ...instance, status: 'Terminated' as const };
  /**
   * While a step runs the lease is renewed every third of it: a Slack call slower than the lease (a
   * slow API, a starved process) must not let another poller take the notice over and post it again
   * while this post is still on its way. A call that hangs stops being covered after two leases, so
   * it cannot keep the notice from everyone forever. A poller that dies renews nothing.
   */
  const held = async <T>(run: () => Promise<T>): Promise<T> => {
    const started = deps.now();
    let inFlight: Promise<unknown> = Promise.resolve();
    const heartbeat = setInterval(
      () => {
        if (deps.now() - started > 2 * deps.leaseMs) clearInterval(heartbeat);
        else {
          inFlight = lease
            .renew()
            .then((renewed) => {
              if (renewed) heldUntil = Math.max(heldUntil, renewed.leaseUntil);
            })
            .catch(() => undefined);
        }
      },
      Math.max(10, deps.leaseMs / 3),
    );
    try {
      return await run();
    } finally {
      clearInterval(heartbeat);
      await inFlight;
    }
  };
  /** Runs a Slack step; a refusal for good is logged and answered with `givenUp` instead of thrown. */
  const slackStep = async <T>(step: string, run: () => Promise<T>, givenUp: (reason: string) => T): Promise<T> => {
    try {
      return await held(run);
    } catch (error) {
      if (!(error instanceof DeliveryRefusedError)) throw error;
      deps.logger.error('notice step given up: Slack refuses it for good', {
        ...key,
        channel: instance.channelId,
        step,
        reason: error.reason,
      });
      return givenUp(error.reason);
    }
  };

  if (state.postedTs === undefined && state.undeliverable === undefined) {
    await renew();
    const posted = await slackStep<NoticeStep>(
      'post',
      async () => {
        // A post attempted under an earlier claim may have reached Slack even though its ts was never
        // recorded (the poller died, or the call outlived its lease): look before posting again.
        const earlier = state.postAttemptedAt === undefined ? undefined : await deps.notifier.findPostedNotice(final);
        if (earlier !== undefined) return { postedTs: earlier };
        if (state.postAttemptedAt === undefined) await record({ postAttemptedAt: deps.now() });
        return { postedTs: await deps.notifier.postNotice(final, notice, stepDeadline) };
      },
      (reason) => ({ undeliverable: reason }),
    );
    await record(posted);
  }
  if (!state.csvPosted && state.postedTs !== undefined && deps.notifier.needsResultFile(final, notice)) {
    const postedTs = state.postedTs;
    await renew();
    await slackStep(
      'file',
      () => deps.notifier.uploadResultFile(final, postedTs, notice),
      () => undefined,
    );
    await record({ csvPosted: true });
  }
  // The card and the event are recorded with the completion, after both: a redraw is idempotent, and
  // an event repeated after a crash before the completion is what EventBridge's at-least-once
  // delivery asks every subscriber to tolerate anyway. Two writes saved per notice.
  const finished: { -readonly [step in 'cardFinal' | 'eventPublished']?: boolean } = {};
  if (!state.cardFinal && outcome !== 'abandoned') {
    await renew();
    await slackStep(
      'card',
      () => deps.notifier.updateCard(final, description, notice.logview),
      () => undefined,
    );
    finished.cardFinal = true;
  }
  if (!state.eventPublished && outcome !== 'abandoned') {
    await renew();
    await held(() =>
      deps.events.publishTerminated({
        project: key.project,
        instanceId: key.instanceId,
        status: description?.status ?? 'Terminated',
        outcome,
        taskStatuses: Object.fromEntries((description?.tasks ?? []).map((task) => [task.name, task.status])),
        durationMs: notice.elapsedMs,
        logviewUrl: notice.logview[0]?.url,
        channelId: instance.channelId,
        teamId: instance.teamId,
      }),
    );
    finished.eventPublished = true;
  }
  // The instance's last status goes with the completion too. Retried in place like a step: a
  // completion lost after the event was published would publish it again.
  const completion: NoticeCompletion = {
    status: outcome === 'abandoned' ? instance.status : 'Terminated',
    updatedAt: deps.now(),
    ...finished,
  };
  await inPlace(deps, () => deps.store.completeNotice(key, lease.token, completion));
  if (state.undeliverable === undefined) deps.logger.info('notice delivered', { ...key, outcome });
  else {
    deps.logger.error('notice undeliverable: given up, the instance is no longer tracked', {
      ...key,
      channel: instance.channelId,
      requestedBy: instance.requestedBy,
      outcome,
      reason: state.undeliverable,
    });
  }
}

/**
 * A store write whose loss would repeat what Slack or EventBridge already accepted: tried again in
 * place on a retryable failure (throttling, a lost answer), with a short growing pause (0.1 s, 0.2 s, …).
 */
function inPlace(deps: Pick<FinalizeDeps, 'now' | 'sleep'>, write: () => Promise<void>): Promise<void> {
  return withRetries(write, { policy: RECORD_RETRIES, clock: { now: deps.now, sleep: deps.sleep } });
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
    logviewFor(instance, description, deps, signal).catch((error: unknown) => {
      deps.logger.warn('no Logview link for the notice', { ...key, error: String(error) });
      return [];
    }),
  ]);
  const started = description?.startTime?.getTime() ?? instance.trackedAt;
  const ended = description?.endTime?.getTime() ?? deps.now();
  return { outcome, elapsedMs: Math.max(0, ended - started), logview, ...(result ? { result } : {}) };
}

/**
 * The link made at submission is still good (its token lasts 30 days by default) for an instance of
 * SQL tasks only; an XFlow needs one link per sub-instance, which only exist once it has run.
 */
async function logviewFor(
  instance: TrackedInstance,
  description: InstanceDescription | undefined,
  deps: FinalizeDeps,
  signal: AbortSignal | undefined,
) {
  const onlySql =
    description !== undefined && description.tasks.length > 0 && description.tasks.every((task) => task.type === 'SQL');
  if (onlySql && instance.logviewUrl !== undefined) return [{ url: instance.logviewUrl }];
  return deps.gateway.logview(instance, { signal }, description);
}
