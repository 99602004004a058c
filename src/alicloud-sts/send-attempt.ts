import { type Dispatcher, request } from 'undici';
import { StsClientErrorCode, StsError } from './errors.ts';

/**
 * One HTTP exchange with STS: the request out, the whole answer in, within `timeoutMs` and the
 * caller's signal. A failure without an answer becomes `network`, `timeout` or `aborted`; an answer,
 * whatever its status, is returned for the decoder. No retries here.
 */

export interface Attempt {
  readonly url: string;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly dispatcher?: Dispatcher;
  readonly signal?: AbortSignal;
}

export interface Answer {
  readonly status: number;
  readonly body: string;
}

export async function sendAttempt(attempt: Attempt): Promise<Answer> {
  const { signal, timeoutMs } = attempt;
  if (signal?.aborted) throw abortedError(signal.reason);
  // One controller per attempt, fired by its own timer or by the caller's signal (not
  // AbortSignal.any: on Node 22 that keeps every attempt reachable from a long-lived caller signal;
  // see src/maxcompute/request-pipeline.ts).
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException(`timed out after ${timeoutMs} ms`, 'TimeoutError'));
  }, timeoutMs);
  const callerAborted = () => controller.abort(signal?.reason);
  signal?.addEventListener('abort', callerAborted, { once: true });
  try {
    const response = await request(attempt.url, {
      method: 'POST',
      headers: attempt.headers,
      body: attempt.body,
      dispatcher: attempt.dispatcher,
      signal: controller.signal,
    });
    return { status: response.statusCode, body: await response.body.text() };
  } catch (caught) {
    if (signal?.aborted) throw abortedError(signal.reason);
    if (timedOut) {
      throw new StsError({
        code: StsClientErrorCode.Timeout,
        message: `STS did not answer AssumeRole within ${timeoutMs} ms`,
        retryable: true,
        cause: caught,
      });
    }
    // AssumeRole changes nothing, so a request that may have reached STS is as safe to repeat as one that did not.
    throw new StsError({
      code: StsClientErrorCode.Network,
      message: `STS AssumeRole got no answer: ${errorCode(caught) ?? describe(caught)}`,
      retryable: true,
      cause: caught,
    });
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', callerAborted);
  }
}

export function abortedError(reason: unknown): StsError {
  return new StsError({
    code: StsClientErrorCode.Aborted,
    message: 'AssumeRole was aborted',
    retryable: false,
    cause: reason,
  });
}

function errorCode(caught: unknown): string | undefined {
  if (typeof caught !== 'object' || caught === null) return undefined;
  const code = (caught as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  return errorCode((caught as { cause?: unknown }).cause);
}

function describe(caught: unknown): string {
  return caught instanceof Error ? caught.message : String(caught);
}
