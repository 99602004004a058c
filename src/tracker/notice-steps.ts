import type { Logger } from '../observability/logger.ts';
import type { InstanceDescription } from './maxcompute-gateway.ts';
import type { NoticeLease } from './notice-lease.ts';
import {
  DeliveryRefusedError,
  type FinalNotice,
  type FinalOutcome,
  type TerminatedEventPublisher,
  type TrackerNotifier,
} from './notifier.ts';
import type { NoticeStep, TrackedInstance } from './tracked-instance.ts';

/**
 * The steps of a final notice, each on its own: skipped when the lease's state says it was done
 * (by this poller or one before it), run while the lease is held, recorded after. They need only the
 * lease's surface, so each is tested with a fake lease and no store.
 */
export type StepLease = Pick<NoticeLease, 'key' | 'state' | 'stepDeadline' | 'renew' | 'held' | 'record'>;

export interface NoticeContext {
  /** The tracked instance as its notice shows it: Terminated. */
  readonly instance: TrackedInstance;
  readonly outcome: FinalOutcome;
  readonly description: InstanceDescription | undefined;
  readonly notice: FinalNotice;
  readonly notifier: TrackerNotifier;
  readonly events: TerminatedEventPublisher;
  readonly logger: Logger;
  readonly now: () => number;
}

/**
 * The reply in the card's thread. A post attempted under an earlier claim may have reached Slack
 * though its ts was never recorded (the poller died, or the call outlived its lease): it is looked
 * for before posting again. The attempt is recorded before the post.
 */
export async function postReply(lease: StepLease, context: NoticeContext): Promise<void> {
  if (lease.state.postedTs !== undefined || lease.state.undeliverable !== undefined) return;
  await lease.renew();
  const { instance, notifier } = context;
  const posted = await slackStep<NoticeStep>(
    lease,
    context,
    'post',
    async () => {
      const attempted = lease.state.postAttemptedAt !== undefined;
      const earlier = attempted ? await notifier.findPostedNotice(instance) : undefined;
      if (earlier !== undefined) return { postedTs: earlier };
      if (!attempted) await lease.record({ postAttemptedAt: context.now() });
      return { postedTs: await notifier.postNotice(instance, context.notice, lease.stepDeadline) };
    },
    (reason) => ({ undeliverable: reason }),
  );
  await lease.record(posted);
}

/** The result's file under the reply, when the preview was not all of it. */
export async function uploadResultFile(lease: StepLease, context: NoticeContext): Promise<void> {
  const { postedTs, csvPosted } = lease.state;
  if (csvPosted || postedTs === undefined || !context.notifier.needsResultFile(context.instance, context.notice))
    return;
  await lease.renew();
  await slackStep(
    lease,
    context,
    'file',
    () => context.notifier.uploadResultFile(context.instance, postedTs, context.notice),
    () => undefined,
  );
  await lease.record({ csvPosted: true });
}

/** The job card in its final state; recorded with the completion (a redraw is idempotent). */
export async function finishCard(lease: StepLease, context: NoticeContext): Promise<{ cardFinal?: true }> {
  if (lease.state.cardFinal || context.outcome === 'abandoned') return {};
  await lease.renew();
  const { instance, description, notice } = context;
  await slackStep(
    lease,
    context,
    'card',
    () => context.notifier.finishCard(instance, description, notice.logview, context.outcome),
    () => undefined,
  );
  return { cardFinal: true };
}

/**
 * The Instance Terminated event; recorded with the completion. Repeated after a crash before the
 * completion, it is what EventBridge's at-least-once delivery asks every subscriber to tolerate.
 */
export async function publishEvent(lease: StepLease, context: NoticeContext): Promise<{ eventPublished?: true }> {
  if (lease.state.eventPublished || context.outcome === 'abandoned') return {};
  await lease.renew();
  const { instance, description, notice, outcome } = context;
  await lease.held(() =>
    context.events.publishTerminated({
      project: instance.project,
      instanceId: instance.instanceId,
      status: description?.status ?? 'Terminated',
      outcome,
      taskStatuses: Object.fromEntries((description?.tasks ?? []).map((task) => [task.name, task.status])),
      durationMs: notice.elapsedMs,
      logviewUrl: notice.logview[0]?.url,
      channelId: instance.channelId,
      teamId: instance.teamId,
    }),
  );
  return { eventPublished: true };
}

/** Runs a Slack step under the lease; a refusal for good is logged and answered with `givenUp`. */
async function slackStep<T>(
  lease: StepLease,
  context: NoticeContext,
  step: string,
  run: () => Promise<T>,
  givenUp: (reason: string) => T,
): Promise<T> {
  try {
    return await lease.held(run);
  } catch (error) {
    if (!(error instanceof DeliveryRefusedError)) throw error;
    context.logger.error('notice step given up: Slack refuses it for good', {
      ...lease.key,
      channel: context.instance.channelId,
      step,
      reason: error.reason,
    });
    return givenUp(error.reason);
  }
}
