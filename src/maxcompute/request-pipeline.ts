import type { Readable } from 'node:stream';
import { type Dispatcher, request } from 'undici';
import type { Logger } from '../observability/logger.ts';
import type { Clock } from '../shared/clock.ts';
import { withRetries } from '../shared/retry.ts';
import { backoffDelay, type RetryPolicy } from '../shared/retry-policy.ts';
import { decodeServiceError } from './decode/index.ts';
import {
  MaxComputeAbortedError,
  MaxComputeCredentialsError,
  MaxComputeError,
  MaxComputeRequestError,
  MaxComputeServiceError,
  MaxComputeSubmitOutcomeUnknownError,
} from './errors.ts';
import { type AccessKey, authorizationHeader, httpDate } from './signer.ts';
import { CONNECT_FAILURE_CODES, errorCode, isTimeout } from './transport-failures.ts';

/**
 * The one place the client does HTTP: build the target, sign, send through the injected undici
 * dispatcher, map failures to typed errors, decode, and retry what is safe to retry.
 */

export interface Credentials extends AccessKey {
  /** STS token: sent as `authorization-sts-token`, not signed (docs/maxcompute-protocol.md, "STS token header"). */
  readonly securityToken?: string;
}

/**
 * Credentials that change over time (STS temporary credentials): asked for before every attempt, so
 * a long export signs its later requests with renewed ones. The provider caches and renews; a
 * failure it throws becomes MaxComputeCredentialsError.
 */
export interface CredentialsProvider {
  current(signal?: AbortSignal): Promise<Credentials>;
}

export type CredentialSource = Credentials | CredentialsProvider;

export interface RequestPipelineOptions {
  /** e.g. `https://service.cn-hangzhou.maxcompute.aliyun.com/api`; one trailing `/` is dropped. */
  readonly endpoint: string;
  readonly credentials: CredentialSource;
  /** Signs v4 when set, v2 otherwise (docs/maxcompute-protocol.md, "Signing (v4)"). */
  readonly region?: string;
  /** Sent as `curr_project` on every request, as PyODPS does. */
  readonly defaultProject?: string;
  readonly dispatcher?: Dispatcher;
  readonly clock: Clock;
  readonly retryPolicy: RetryPolicy;
  /** Per attempt, from the first byte sent to the last byte read. */
  readonly requestTimeoutMs: number;
  readonly userAgent: string;
  readonly logger: Logger;
  readonly random?: () => number;
}

export interface ApiResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** A 2xx answer whose body is still to be read. */
export interface StreamResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Readable;
}

interface SentResponse extends StreamResponse {
  readonly text: string;
}

/** What a call sends; `ApiCall` adds how its answer is decoded and retried. */
export interface ApiRequestSpec {
  readonly method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  /** Another base URL than the client's endpoint, e.g. the tunnel's; signing is relative to it. */
  readonly endpoint?: string;
  /** Extra headers; `x-odps-*` ones are signed. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Relative to the endpoint, made only of validated segments, e.g. `/projects/p/instances/id`. */
  readonly path: string;
  /** Bare action key written first, e.g. `taskstatus`. */
  readonly action?: string;
  readonly params?: Readonly<Record<string, string | undefined>>;
  readonly body?: string;
  readonly contentType?: string;
  readonly signal?: AbortSignal;
}

export interface ApiCall<T> extends ApiRequestSpec {
  /**
   * `idempotent`: retried on any retryable failure. `create`: retried only when the request cannot
   * have created anything (never connected, or an explicit 409/429 refusal); otherwise the outcome is
   * reported as unknown, never silently duplicated.
   */
  readonly retry: 'idempotent' | 'create';
  /** The job's Guid, for `create` calls. */
  readonly guid?: string;
  /** Turns a 2xx answer into the result; may throw MaxComputeDecodeError, which is retryable. */
  decode(response: ApiResponse): T;
}

export class RequestPipeline {
  readonly endpoint: string;
  readonly #options: RequestPipelineOptions;

  constructor(options: RequestPipelineOptions) {
    this.endpoint = options.endpoint.endsWith('/') ? options.endpoint.slice(0, -1) : options.endpoint;
    this.#options = options;
  }

  send<T>(call: ApiCall<T>): Promise<T> {
    const { clock, retryPolicy, logger } = this.#options;
    return withRetries(
      async () => {
        try {
          const response = await this.#attempt(call);
          if (response.status >= 200 && response.status < 300) return call.decode(response);
          throw decodeServiceError(response.status, response.body, response.headers);
        } catch (caught) {
          throw this.#normalise(caught, call);
        }
      },
      {
        policy: retryPolicy,
        clock,
        signal: call.signal,
        delay: (error, next) => this.#retryDelay(call, error as MaxComputeError, next - 1),
        onRetry: (error, next, delayMs) =>
          logger.debug('maxcompute retry', {
            what: describe(call),
            attempt: next - 1,
            delayMs,
            code: (error as MaxComputeError).code,
          }),
        onGiveUp: (error) => this.#final(call, error as MaxComputeError),
        onAbort: (reason) => new MaxComputeAbortedError(reason),
      },
    );
  }

  /**
   * One attempt whose 2xx body is handed over as a stream, for the caller to read at its own pace
   * (the tunnel's records); no retries here. The attempt's timeout covers the wait for the answer's
   * headers; while the body flows, `requestTimeoutMs` is the longest silence allowed.
   */
  async openStream(call: ApiRequestSpec): Promise<StreamResponse> {
    try {
      const response = await this.#send(call, true);
      if (response.status >= 200 && response.status < 300) return response;
      const text = await response.body.setEncoding('utf8').toArray();
      throw decodeServiceError(response.status, text.join(''), response.headers);
    } catch (caught) {
      throw this.#normalise(caught, { ...call, retry: 'idempotent', decode: () => undefined });
    }
  }

  async #attempt(call: ApiCall<unknown>): Promise<ApiResponse> {
    const response = await this.#send(call, false);
    return { status: response.status, headers: response.headers, body: response.text };
  }

  async #send(call: ApiRequestSpec, stream: boolean): Promise<SentResponse> {
    const { clock, region, requestTimeoutMs, dispatcher, userAgent } = this.#options;
    const credentials = await this.#credentials(call.signal);
    const resource = call.path + this.#query(call);
    const now = new Date(clock.now());
    const headers: Record<string, string> = {
      ...call.headers,
      Date: httpDate(now),
      'User-Agent': userAgent,
      'x-odps-user-agent': userAgent,
    };
    if (call.contentType !== undefined) headers['Content-Type'] = call.contentType;
    headers.Authorization = authorizationHeader(credentials, { method: call.method, resource, headers }, now, region);
    if (credentials.securityToken) headers['authorization-sts-token'] = credentials.securityToken;

    // One controller per attempt, aborted by its own timer or by the caller's signal. Not
    // AbortSignal.any([timeout, call.signal]): on Node 22 every such signal stays reachable from a
    // long-lived caller signal (the poller loop's lives as long as `npm start`), about 1.7 KB a
    // request that is never freed (found by the reliability soak).
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(new DOMException(`timed out after ${requestTimeoutMs} ms`, 'TimeoutError')),
      requestTimeoutMs,
    );
    const callerAborted = () => controller.abort(call.signal?.reason);
    if (call.signal?.aborted) callerAborted();
    else call.signal?.addEventListener('abort', callerAborted, { once: true });
    try {
      const response = await request((call.endpoint ?? this.endpoint) + resource, {
        method: call.method,
        headers,
        body: call.body,
        dispatcher,
        // A streamed body is read at the caller's pace: only the caller's signal ends it, and the
        // timeout becomes undici's limit on silence between chunks.
        signal: stream ? call.signal : controller.signal,
        ...(stream ? { bodyTimeout: requestTimeoutMs, headersTimeout: requestTimeoutMs } : {}),
      });
      const flat = flattenHeaders(response.headers);
      if (stream) return { status: response.statusCode, headers: flat, body: response.body, text: '' };
      return { status: response.statusCode, headers: flat, body: response.body, text: await response.body.text() };
    } finally {
      clearTimeout(timer);
      call.signal?.removeEventListener('abort', callerAborted);
    }
  }

  async #credentials(signal: AbortSignal | undefined): Promise<Credentials> {
    const source = this.#options.credentials;
    if (!('current' in source)) return source;
    try {
      return await source.current(signal);
    } catch (caught) {
      if (signal?.aborted) throw new MaxComputeAbortedError(signal.reason);
      throw new MaxComputeCredentialsError(caught);
    }
  }

  #query(call: ApiRequestSpec): string {
    const parts: string[] = [];
    if (call.action !== undefined) parts.push(encodeURIComponent(call.action));
    for (const [name, value] of Object.entries(call.params ?? {})) {
      if (value !== undefined) parts.push(`${encodeURIComponent(name)}=${encodeURIComponent(value)}`);
    }
    if (this.#options.defaultProject !== undefined) {
      parts.push(`curr_project=${encodeURIComponent(this.#options.defaultProject)}`);
    }
    return parts.length === 0 ? '' : `?${parts.join('&')}`;
  }

  #normalise(caught: unknown, call: ApiCall<unknown>): MaxComputeError {
    if (caught instanceof MaxComputeError) return caught;
    if (call.signal?.aborted) return new MaxComputeAbortedError(call.signal.reason);
    const code = errorCode(caught);
    if (isTimeout(caught)) {
      return new MaxComputeRequestError(`${describe(call)} timed out after ${this.#options.requestTimeoutMs} ms`, {
        cause: caught,
        connected: true,
      });
    }
    const connected = code === undefined || !CONNECT_FAILURE_CODES.has(code);
    const reason = caught instanceof Error ? caught.message : String(caught);
    return new MaxComputeRequestError(`${describe(call)} failed: ${code ?? reason}`, { cause: caught, connected });
  }

  /** Milliseconds to wait before the next attempt, or undefined when this error must not be retried. */
  #retryDelay(call: ApiCall<unknown>, error: MaxComputeError, nextAttempt: number): number | undefined {
    const policy = this.#options.retryPolicy;
    if (nextAttempt > policy.retries || !error.retryable) return undefined;
    // The provider has retried its own calls (STS); another round here would multiply them.
    if (error instanceof MaxComputeCredentialsError) return undefined;
    if (call.retry === 'create' && !cannotHaveCreated(error)) return undefined;
    const retryAfter = error instanceof MaxComputeServiceError ? error.retryAfterSeconds : undefined;
    if (retryAfter !== undefined) return retryAfter * 1000;
    return backoffDelay(policy, nextAttempt, this.#options.random);
  }

  #final(call: ApiCall<unknown>, error: MaxComputeError): MaxComputeError {
    if (call.retry === 'create' && call.guid !== undefined && mayHaveCreated(error)) {
      return new MaxComputeSubmitOutcomeUnknownError(call.guid, error);
    }
    return error;
  }
}

/** A create that never reached the service, or that the service explicitly refused, created nothing. */
function cannotHaveCreated(error: MaxComputeError): boolean {
  if (error instanceof MaxComputeRequestError) return !error.connected;
  if (error instanceof MaxComputeServiceError) return error.httpStatus === 409 || error.httpStatus === 429;
  return false;
}

/** The request went out and no clear answer came back: it may have created an instance. */
function mayHaveCreated(error: MaxComputeError): boolean {
  if (error instanceof MaxComputeRequestError) return error.connected;
  if (error instanceof MaxComputeCredentialsError) return false;
  return !(error instanceof MaxComputeServiceError) && !(error instanceof MaxComputeAbortedError);
}

function describe(call: ApiCall<unknown>): string {
  return `${call.method} ${call.path}${call.action ? `?${call.action}` : ''}`;
}

function flattenHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}
