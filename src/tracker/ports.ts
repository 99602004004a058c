import type { ActiveInstance, NoticeStep, TrackedInstance, TrackedStatus } from './tracked-instance.ts';

/**
 * The ports the tracker core needs. Adapters live beside it (src/store/, src/slack/, src/gateway/);
 * the core imports no SDK (biome.json fences it).
 */

export interface InstanceKey {
  readonly project: string;
  readonly instanceId: string;
}

/** Where tracked instances and idempotency claims are kept (DynamoDB on AWS, embedded locally). */
export interface InstanceStore {
  /**
   * Records a key the first time it is seen, in one conditional write. Returns false while an earlier
   * claim of it is live, so a redelivered command (`run#<request id>`) does nothing twice and a
   * replayed request (`signature#<v0=…>`) is refused. Each caller prefixes its keys with its own
   * namespace, so keys of different kinds cannot collide. Claims expire after `ttlSeconds`.
   */
  claimOnce(key: string, ttlSeconds: number): Promise<boolean>;

  /** Whether a live claim of the key exists (read strongly): a flag one part sets and another reads. */
  isClaimed(key: string): Promise<boolean>;

  /** Starts tracking; when the instance is tracked already, keeps and returns the existing record. */
  track(instance: TrackedInstance): Promise<{ readonly created: boolean; readonly instance: TrackedInstance }>;

  get(key: InstanceKey): Promise<TrackedInstance | undefined>;

  /** Sets the job card's ts once it is posted. */
  attachCard(key: InstanceKey, cardTs: string): Promise<void>;

  /** Records who asked to stop the instance, so its notice can say who stopped it. */
  recordStopRequest(key: InstanceKey, userId: string): Promise<void>;

  /**
   * Every tracked instance whose notice is not done yet (the active index), oldest first, as the
   * index keeps it: the fields a tick decides on, not the whole record. Records whose expiry has
   * passed are left out.
   */
  listActive(): AsyncIterable<ActiveInstance>;

  /** Records what the poller last saw; also pushes the record's expiry forward while it is active. */
  recordProgress(
    key: InstanceKey,
    update: {
      readonly status: TrackedStatus;
      readonly progress?: string;
      readonly percent?: number;
      readonly updatedAt: number;
    },
  ): Promise<void>;

  /**
   * Takes the notice: succeeds when nobody holds it, or the holder's lease ended before `now`, and
   * the notice is not done. Returns the whole record as claimed (its notice with the steps already
   * recorded kept), read in the same write, so the claim is also the strongly consistent read the
   * notice is made from; undefined when another poller holds it or it is done.
   */
  claimNotice(
    key: InstanceKey,
    claim: { readonly token: string; readonly leaseUntil: number; readonly now: number },
  ): Promise<TrackedInstance | undefined>;

  /**
   * Records steps (`postAttemptedAt`, `postedTs`, `csvPosted`, `eventPublished`, `cardFinal`, or
   * `undeliverable` when Slack refuses the notice for good); only under the holder's token.
   */
  recordNoticeStep(key: InstanceKey, token: string, step: NoticeStep): Promise<void>;

  /**
   * Gives a claim back after a failed step (its recorded steps stay), so the next tick can retry at
   * once instead of waiting out the lease; only under the holder's token.
   */
  releaseNotice(key: InstanceKey, token: string): Promise<void>;

  /**
   * Marks the notice done and takes the instance out of the active index; only under the holder's
   * token. `last` is written in the same update: the instance's last status and the steps finished
   * since the last record (the card and the event), one write instead of two.
   */
  completeNotice(key: InstanceKey, token: string, last?: NoticeCompletion): Promise<void>;
}

/** What a completion writes along with `done`: the last status, and the steps finished last. */
export interface NoticeCompletion extends Pick<NoticeStep, 'cardFinal' | 'eventPublished'> {
  readonly status: TrackedStatus;
  readonly updatedAt: number;
}
