import type { TrackedInstance } from './tracked-instance.ts';

/**
 * The ports the tracker core needs. Adapters live beside it (src/store/, src/slack/,
 * src/maxcompute/); the core imports no SDK.
 */

export interface InstanceKey {
  readonly project: string;
  readonly instanceId: string;
}

/** Where tracked instances and idempotency claims are kept (DynamoDB on AWS, embedded locally). */
export interface InstanceStore {
  /**
   * Records a delivery key (a Slack trigger id, an event id) the first time it is seen. Returns false
   * when it was claimed before, so a redelivered command or event does nothing twice.
   * Claims expire after `ttlSeconds`.
   */
  claimOnce(key: string, ttlSeconds: number): Promise<boolean>;

  /** Starts tracking; when the instance is tracked already, keeps and returns the existing record. */
  track(instance: TrackedInstance): Promise<{ readonly created: boolean; readonly instance: TrackedInstance }>;

  get(key: InstanceKey): Promise<TrackedInstance | undefined>;

  /** Sets the job card's ts once it is posted. */
  attachCard(key: InstanceKey, cardTs: string): Promise<void>;
}
