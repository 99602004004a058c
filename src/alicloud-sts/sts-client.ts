import { randomUUID } from 'node:crypto';
import type { Dispatcher } from 'undici';
import { type Logger, silentLogger } from '../observability/logger.ts';
import { type Clock, systemClock } from '../shared/clock.ts';
import { withRetries } from '../shared/retry.ts';
import { fourRetriesInThirtySeconds, type RetryPolicy } from '../shared/retry-policy.ts';
import { type AssumeRoleInput, validateAssumeRoleInput } from './assume-role-input.ts';
import { type StsCredentials, signAssumeRole } from './assume-role-request.ts';
import { type AssumedRole, decodeAnswer } from './decode-answer.ts';
import { invalidInput, StsClientErrorCode, type StsError } from './errors.ts';
import { abortedError, sendAttempt } from './send-attempt.ts';

export interface StsClientOptions {
  /** e.g. `https://sts.aliyuncs.com`, a regional or VPC endpoint, or a stand-in's `http://127.0.0.1:port`. */
  readonly endpoint: string;
  /** The caller's own credentials (the bot's), never the assumed role's. */
  readonly credentials: StsCredentials;
  /** undici dispatcher: an Agent with keep-alive in production, anything else in tests. */
  readonly dispatcher?: Dispatcher;
  readonly clock?: Clock;
  readonly retryPolicy?: RetryPolicy;
  /** Per attempt, from the first byte sent to the last byte read. */
  readonly requestTimeoutMs?: number;
  readonly logger?: Logger;
  /** SignatureNonce for each attempt; random UUIDs (as Alibaba recommends) unless a test pins them. */
  readonly newNonce?: () => string;
  readonly random?: () => number;
}

export interface AssumeRoleOptions {
  readonly signal?: AbortSignal;
}

const USER_AGENT = 'odps-chatops/0.1 (node) alicloud-sts';
const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Alibaba Cloud STS (API 2015-04-01), AssumeRole only: temporary credentials for a RAM role,
 * requested with the caller's own AccessKey. Input is checked before any request; each attempt is
 * signed afresh (a new nonce and timestamp) and retried while the failure may pass (throttling, 5xx,
 * no answer). Secrets never reach a log line or an error message. See docs/alicloud-sts.md.
 */
export class StsClient {
  readonly endpoint: string;
  readonly #options: StsClientOptions;
  readonly #clock: Clock;
  readonly #logger: Logger;

  constructor(options: StsClientOptions) {
    this.endpoint = rootUrl(options.endpoint);
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger ?? silentLogger;
  }

  async assumeRole(input: AssumeRoleInput, options: AssumeRoleOptions = {}): Promise<AssumedRole> {
    validateAssumeRoleInput(input);
    const { signal } = options;
    if (signal?.aborted) throw abortedError(signal.reason);
    const what = { roleArn: input.roleArn, roleSessionName: input.roleSessionName };
    const assumed = await withRetries(() => this.#attempt(input, signal), {
      policy: this.#options.retryPolicy ?? fourRetriesInThirtySeconds,
      clock: this.#clock,
      signal,
      random: this.#options.random,
      onRetry: (error, next, delayMs) =>
        this.#logger.debug('sts assumeRole retry', {
          ...what,
          ...describe(error as StsError),
          attempt: next - 1,
          delayMs,
        }),
      onGiveUp: (error) => {
        // The caller's own abort is no failure of STS's: not worth a warning.
        const aborted = (error as StsError).code === StsClientErrorCode.Aborted;
        const fields = { ...what, ...describe(error as StsError) };
        if (aborted) this.#logger.debug('sts assumeRole failed', fields);
        else this.#logger.warn('sts assumeRole failed', fields);
        return error;
      },
      onAbort: (reason) => abortedError(reason),
    });
    this.#logger.debug('sts assumeRole', {
      ...what,
      requestId: assumed.requestId,
      expiration: assumed.expiration.toISOString(),
    });
    return assumed;
  }

  async #attempt(input: AssumeRoleInput, signal: AbortSignal | undefined): Promise<AssumedRole> {
    const { credentials } = this.#options;
    const signed = signAssumeRole(input, credentials, {
      now: this.#clock.now(),
      nonce: (this.#options.newNonce ?? randomUUID)(),
    });
    const answer = await sendAttempt({
      url: `${this.endpoint}?${signed.query}`,
      body: signed.body,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'User-Agent': USER_AGENT },
      timeoutMs: this.#options.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS,
      dispatcher: this.#options.dispatcher,
      signal,
    });
    return decodeAnswer(answer.status, answer.body, [credentials.securityToken, credentials.accessKeySecret]);
  }
}

/** What a log line may say of a failure: its message (secrets already redacted), never its cause. */
function describe(error: StsError): Record<string, unknown> {
  return {
    code: error.code,
    status: error.status,
    requestId: error.requestId,
    retryable: error.retryable,
    message: error.message,
  };
}

/** RPC APIs answer at the endpoint's root: `https://sts.aliyuncs.com/`. */
function rootUrl(endpoint: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw invalidInput(`STS endpoint ${JSON.stringify(endpoint)} is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw invalidInput(`STS endpoint ${JSON.stringify(endpoint)} must be http(s)`);
  }
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    throw invalidInput(`STS endpoint ${JSON.stringify(url.origin)} must be a bare origin and path`);
  }
  return url.pathname.endsWith('/') ? url.href : `${url.href}/`;
}
