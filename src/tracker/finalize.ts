import { randomUUID } from 'node:crypto';
import type { Logger } from '../observability/logger.ts';
import type { InstanceDescription, LogviewEntry, MaxComputeGateway } from './maxcompute-gateway.ts';
import { LeaseLostError, NoticeLease } from './notice-lease.ts';
import { finishCard, type NoticeContext, postReply, publishEvent, uploadResultFile } from './notice-steps.ts';
import type { FinalNotice, FinalOutcome, TerminatedEventPublisher, TrackerNotifier } from './notifier.ts';
import type { InstanceKey, InstanceStore } from './ports.ts';
import type { TrackedInstance, TrackedStatus } from './tracked-instance.ts';

export interface FinalizeDeps {
  readonly store: InstanceStore;
  /** Reads the result and Logview as whoever asked for the instance; undefined when withheld (nothing is read). */
  readonly reader: MaxComputeGateway | undefined;
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
  const lease = new NoticeLease({
    key,
    token,
    claimed: instance.notice,
    store: deps.store,
    clock: { now: deps.now, sleep: deps.sleep },
    leaseMs: deps.leaseMs,
    claimAgain: async () => (await claim())?.notice,
  });
  try {
    const notice = await gatherNotice(instance, outcome, description, deps, signal);
    // An abandoned instance may still run: its last status stays what the poller saw.
    const lastStatus = outcome === 'abandoned' ? instance.status : 'Terminated';
    await deliver(lease, lastStatus, {
      instance: { ...instance, status: 'Terminated' },
      outcome,
      description,
      notice,
      notifier: deps.notifier,
      events: deps.events,
      logger: deps.logger,
      now: deps.now,
    });
  } catch (error) {
    // Give the claim back so the next tick retries now; what was recorded is not done again. A lost
    // lease belongs to someone else already.
    if (!(error instanceof LeaseLostError)) await lease.release().catch(() => undefined);
    throw error;
  }
  return true;
}

/** The steps in order, then the completion (with the card, the event and the last status). */
async function deliver(lease: NoticeLease, lastStatus: TrackedStatus, context: NoticeContext): Promise<void> {
  await postReply(lease, context);
  await uploadResultFile(lease, context);
  const finished = { ...(await finishCard(lease, context)), ...(await publishEvent(lease, context)) };
  // The last status goes with the completion too: a completion lost after the event was published
  // would publish it again, so it is retried in place like a step.
  const { outcome, instance } = context;
  await lease.complete({
    status: lastStatus,
    updatedAt: context.now(),
    ...finished,
  });
  const { undeliverable } = lease.state;
  if (undeliverable === undefined) context.logger.info('notice delivered', { ...lease.key, outcome });
  else {
    context.logger.error('notice undeliverable: given up, the instance is no longer tracked', {
      ...lease.key,
      channel: instance.channelId,
      requestedBy: instance.requestedBy,
      outcome,
      reason: undeliverable,
    });
  }
}

async function gatherNotice(
  instance: TrackedInstance,
  outcome: FinalOutcome,
  description: InstanceDescription | undefined,
  deps: FinalizeDeps,
  signal: AbortSignal | undefined,
): Promise<FinalNotice> {
  const key = { project: instance.project, instanceId: instance.instanceId };
  const { reader } = deps;
  const [result, logview] = await Promise.all([
    reader && (outcome === 'succeeded' || outcome === 'failed')
      ? reader.result(key, { signal }, description)
      : undefined,
    logviewFor(instance, description, reader, signal).catch((error: unknown) => {
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
  reader: MaxComputeGateway | undefined,
  signal: AbortSignal | undefined,
): Promise<LogviewEntry[]> {
  if (reader === undefined) return [];
  const onlySql =
    description !== undefined && description.tasks.length > 0 && description.tasks.every((task) => task.type === 'SQL');
  if (onlySql && instance.logviewUrl !== undefined) return [{ url: instance.logviewUrl }];
  return reader.logview(instance, { signal }, description);
}
