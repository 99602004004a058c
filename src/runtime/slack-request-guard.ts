import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Logger } from '../observability/logger.ts';
import type { InstanceStore } from '../tracker/ports.ts';

/**
 * The gate in front of Bolt for every request Slack sends to /slack/events, on Lambda
 * (slack-lambda-handler.ts) and in the local HTTP mode (slack-http-listener.ts). It admits a request
 * only when all of this holds, and answers 401 with an empty body otherwise:
 *
 * 1. `Content-Type` is exactly `application/x-www-form-urlencoded`: the only type Slack uses for
 *    slash commands and interactivity (this app subscribes to no Events API events), and the only
 *    one Bolt's receivers read as a form.
 * 2. `X-Slack-Request-Timestamp` is whole epoch seconds within five minutes of our clock, in either
 *    direction (Bolt only refuses old ones; a timestamp from the future is no more Slack's).
 * 3. `X-Slack-Signature` is exactly `v0=` and 64 lowercase hex digits, and equals
 *    HMAC-SHA256(signing secret, `v0:<timestamp>:<raw body bytes>`), compared in constant time.
 *    The strict shape matters for 4: Bolt reads `v0=<hex>=anything` as `v0=<hex>`, so a looser
 *    check would let a replay through under a new spelling of the same signature.
 * 4. The signature has not been seen before: one conditional write in the instance store
 *    (`claimOnce` of `signature#<v0=…>`), kept a little longer than the timestamp window, so a request is
 *    admitted at most once in the whole time it could pass 2. Slack does not retry slash commands
 *    or interactivity payloads, and an Events API retry would carry a fresh timestamp and so a new
 *    signature; the same signature twice is therefore always a replay (a captured request sent
 *    again), never a delivery Slack meant.
 *
 * Only requests that pass 1 to 3 reach the store, so unauthenticated traffic costs no writes.
 *
 * When the store cannot answer, the request is refused with 503 (fail closed): admitting it would
 * turn any store outage, or a throttled table, into a window for replays, while refusing costs
 * little that the outage has not already taken (`run` and `stop` need the store anyway). The user
 * sees Slack's own "failed" notice, the log gets an error line.
 *
 * Slack's `ssl_check` probe (a form with `ssl_check=1`, unsigned) is answered 200 with nothing run,
 * as Bolt does. Socket Mode has no signatures and does not pass through here.
 */

/** How far a request's timestamp may be from our clock, either way (Slack's and Bolt's five minutes). */
export const SIGNATURE_WINDOW_SECONDS = 5 * 60;

/**
 * How long a used signature is remembered: a request is admitted only while `|now - timestamp|`
 * is within the window, so its signature can pass check 2 for at most two windows from the first
 * time it was seen; one more minute covers clocks that differ between Lambda containers.
 */
export const SIGNATURE_CLAIM_TTL_SECONDS = 2 * SIGNATURE_WINDOW_SECONDS + 60;

export const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';

/** Why a request was refused; logged, never shown (the answer is an empty 401). */
export type RequestRefusal =
  | 'content_type'
  | 'missing_timestamp'
  | 'malformed_timestamp'
  | 'stale'
  | 'future'
  | 'missing_signature'
  | 'malformed_signature'
  | 'signature_mismatch'
  | 'replayed';

/** What the guard needs from a request: three headers (as received, possibly absent) and the raw body bytes. */
export interface SlackHttpRequest {
  readonly contentType: string | undefined;
  readonly timestamp: string | undefined;
  readonly signature: string | undefined;
  readonly rawBody: Buffer;
}

export type GuardDecision =
  | { readonly kind: 'admit' }
  | { readonly kind: 'ssl_check'; readonly status: 200 }
  | { readonly kind: 'refuse'; readonly status: 401; readonly reason: RequestRefusal }
  | { readonly kind: 'unavailable'; readonly status: 503 };

export type SignatureCheck =
  | { readonly ok: true; readonly signature: string; readonly timestampSeconds: number }
  | { readonly ok: false; readonly reason: Exclude<RequestRefusal, 'replayed'> };

const TIMESTAMP = /^[0-9]{1,12}$/;
const SIGNATURE = /^v0=[0-9a-f]{64}$/;

/** Checks 1 to 3 of the guard: pure, so tests and the guard share one reading of the rules. */
export function checkSlackSignature(request: SlackHttpRequest, signingSecret: string, nowMs: number): SignatureCheck {
  if (request.contentType !== FORM_CONTENT_TYPE) return { ok: false, reason: 'content_type' };
  if (request.timestamp === undefined || request.timestamp === '') return { ok: false, reason: 'missing_timestamp' };
  if (!TIMESTAMP.test(request.timestamp)) return { ok: false, reason: 'malformed_timestamp' };
  const timestampSeconds = Number(request.timestamp);
  const nowSeconds = Math.floor(nowMs / 1000);
  if (timestampSeconds < nowSeconds - SIGNATURE_WINDOW_SECONDS) return { ok: false, reason: 'stale' };
  if (timestampSeconds > nowSeconds + SIGNATURE_WINDOW_SECONDS) return { ok: false, reason: 'future' };
  if (request.signature === undefined || request.signature === '') return { ok: false, reason: 'missing_signature' };
  if (!SIGNATURE.test(request.signature)) return { ok: false, reason: 'malformed_signature' };
  const expected = createHmac('sha256', signingSecret)
    .update(`v0:${request.timestamp}:`)
    .update(request.rawBody)
    .digest();
  const given = Buffer.from(request.signature.slice(3), 'hex');
  if (!timingSafeEqual(given, expected)) return { ok: false, reason: 'signature_mismatch' };
  return { ok: true, signature: request.signature, timestampSeconds };
}

export interface SlackRequestGuardOptions {
  readonly signingSecret: string;
  readonly store: Pick<InstanceStore, 'claimOnce'>;
  readonly logger: Logger;
  /** Epoch ms. Default `Date.now`. */
  readonly now?: () => number;
}

export class SlackRequestGuard {
  readonly #signingSecret: string;
  readonly #store: Pick<InstanceStore, 'claimOnce'>;
  readonly #logger: Logger;
  readonly #now: () => number;

  constructor(options: SlackRequestGuardOptions) {
    if (options.signingSecret === '') throw new Error('SlackRequestGuard needs the signing secret');
    this.#signingSecret = options.signingSecret;
    this.#store = options.store;
    this.#logger = options.logger;
    this.#now = options.now ?? Date.now;
  }

  async decide(request: SlackHttpRequest): Promise<GuardDecision> {
    if (isSslCheck(request)) return { kind: 'ssl_check', status: 200 };
    const checked = checkSlackSignature(request, this.#signingSecret, this.#now());
    if (!checked.ok) return this.#refuse(checked.reason, request.timestamp);
    let first: boolean;
    try {
      first = await this.#store.claimOnce(`signature#${checked.signature}`, SIGNATURE_CLAIM_TTL_SECONDS);
    } catch (error) {
      // Fail closed (see above): without the store's answer a replay cannot be told apart.
      this.#logger.error('slack request refused: the replay check could not reach the instance store', {
        error: error instanceof Error ? error.message : String(error),
        timestamp: checked.timestampSeconds,
      });
      return { kind: 'unavailable', status: 503 };
    }
    if (!first) return this.#refuse('replayed', request.timestamp);
    return { kind: 'admit' };
  }

  #refuse(reason: RequestRefusal, timestamp: string | undefined): GuardDecision {
    // The signature itself is not logged: within its window it is what a replay would need.
    const fields = { reason, timestamp: timestamp === undefined ? undefined : timestamp.slice(0, 20) };
    if (reason === 'replayed') this.#logger.warn('slack request refused: replayed signature', fields);
    else this.#logger.info('slack request refused', fields);
    return { kind: 'refuse', status: 401, reason };
  }
}

/** `ssl_check=1` in a form body: Slack's unsigned probe of the request URL. */
function isSslCheck(request: SlackHttpRequest): boolean {
  if (request.contentType !== FORM_CONTENT_TYPE) return false;
  return new URLSearchParams(request.rawBody.toString('utf8')).has('ssl_check');
}
