import type { Clock } from '../shared/clock.ts';
import { withRetries } from '../shared/retry.ts';
import { doublingPolicy } from '../shared/retry-policy.ts';
import type { InstanceKey, InstanceStore, NoticeCompletion } from './ports.ts';
import type { NoticeState, NoticeStep } from './tracked-instance.ts';

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

/**
 * One poller's hold on one instance's notice, from its claim to its completion:
 *
 *   claimed --renew / held--> claimed (steps recorded under the token) --complete--> done
 *      \--release (a step failed)--> free, the next tick claims it      \--lost--> LeaseLostError
 *
 * Before a step the lease is renewed (same token) unless three quarters of it are left: a step
 * starts only while this poller holds it, and a rate-limit wait must end in the lease's first half.
 * Skipping the renewal of a fresh lease saves a conditional write per step. While a step runs the
 * lease is renewed every third of it (`held`), for at most two leases. Recording a step or the
 * completion is retried in place: a record lost after Slack accepted the post would mean a second post.
 */
export class NoticeLease {
  readonly key: InstanceKey;
  readonly token: string;
  readonly #store: InstanceStore;
  readonly #clock: Clock;
  readonly #leaseMs: number;
  readonly #claimAgain: () => Promise<NoticeState | undefined>;
  #state: NoticeState;
  #heldUntil: number;
  #stepDeadline = 0;

  constructor(options: {
    key: InstanceKey;
    token: string;
    claimed: NoticeState;
    store: InstanceStore;
    clock: Clock;
    leaseMs: number;
    /** The claim made again under the same token: the renewed state, or undefined once lost. */
    claimAgain: () => Promise<NoticeState | undefined>;
  }) {
    this.key = options.key;
    this.token = options.token;
    this.#state = options.claimed;
    this.#heldUntil = options.claimed.leaseUntil;
    this.#store = options.store;
    this.#clock = options.clock;
    this.#leaseMs = options.leaseMs;
    this.#claimAgain = options.claimAgain;
  }

  /** The notice's steps as recorded so far (by this poller or the ones before it). */
  get state(): NoticeState {
    return this.#state;
  }

  /** When the step under way should give up waiting (a rate limit): halfway to the lease's end. */
  get stepDeadline(): number {
    return this.#stepDeadline;
  }

  /** Before a step: renewed unless three quarters of the lease are left; LeaseLostError if taken over. */
  async renew(): Promise<void> {
    const now = this.#clock.now();
    if (this.#heldUntil - now < (this.#leaseMs * 3) / 4) {
      const renewed = await this.#claimAgain();
      if (!renewed) throw new LeaseLostError(this.key.instanceId);
      this.#heldUntil = renewed.leaseUntil;
    }
    this.#stepDeadline = this.#clock.now() + (this.#heldUntil - this.#clock.now()) / 2;
  }

  /**
   * Runs a step, renewing the lease every third of it: a Slack call slower than the lease must not
   * let another poller post the notice again while this post is on its way. A call that hangs stops
   * being covered after two leases, so it cannot keep the notice from everyone forever.
   */
  async held<T>(run: () => Promise<T>): Promise<T> {
    const started = this.#clock.now();
    let inFlight: Promise<unknown> = Promise.resolve();
    const heartbeat = setInterval(
      () => {
        if (this.#clock.now() - started > 2 * this.#leaseMs) clearInterval(heartbeat);
        else inFlight = this.#heartbeat();
      },
      Math.max(10, this.#leaseMs / 3),
    );
    try {
      return await run();
    } finally {
      clearInterval(heartbeat);
      await inFlight;
    }
  }

  /** Records a finished step under this lease's token. */
  async record(step: NoticeStep): Promise<void> {
    await this.#inPlace(() => this.#store.recordNoticeStep(this.key, this.token, step));
    this.#state = { ...this.#state, ...step };
  }

  /** Marks the notice done (with the instance's last status and the steps finished last). */
  complete(completion: NoticeCompletion): Promise<void> {
    return this.#inPlace(() => this.#store.completeNotice(this.key, this.token, completion));
  }

  /** Gives the claim back after a failed step, so the next tick retries at once; recorded steps stay. */
  release(): Promise<void> {
    return this.#store.releaseNotice(this.key, this.token);
  }

  #heartbeat(): Promise<unknown> {
    return this.#claimAgain()
      .then((renewed) => {
        if (renewed) this.#heldUntil = Math.max(this.#heldUntil, renewed.leaseUntil);
      })
      .catch(() => undefined);
  }

  #inPlace(write: () => Promise<void>): Promise<void> {
    return withRetries(write, { policy: RECORD_RETRIES, clock: this.#clock });
  }
}
