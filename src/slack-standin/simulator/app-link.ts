import { signRequest } from './app-requests.ts';

/** Where the app listens and the secret Slack signs its requests with. */
export interface AppTarget {
  readonly requestUrl: string;
  readonly signingSecret: string;
}

/** How Slack saw the app's answer. `timeout` and `unreachable` are what Slack reports as errors. */
export type AppAnswer =
  | { readonly kind: 'answered'; readonly status: number; readonly body: unknown; readonly ms: number }
  | { readonly kind: 'timeout'; readonly ms: number }
  | { readonly kind: 'unreachable'; readonly ms: number; readonly detail: string };

/** Slack gives an app 3 seconds to acknowledge a command or an interaction. */
const ACK_LIMIT_MS = 3000;

/** POSTs one signed form to the app's Request URL and reads its answer, within Slack's limit. */
export async function sendToApp(target: AppTarget, form: string, now: () => number): Promise<AppAnswer> {
  const started = now();
  try {
    const response = await fetch(target.requestUrl, {
      method: 'POST',
      headers: signRequest(target.signingSecret, form, now()),
      body: form,
      signal: AbortSignal.timeout(ACK_LIMIT_MS),
    });
    const text = await response.text();
    let body: unknown = text;
    if ((response.headers.get('content-type') ?? '').includes('json') && text !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    return { kind: 'answered', status: response.status, body, ms: now() - started };
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    if (name === 'TimeoutError' || name === 'AbortError') return { kind: 'timeout', ms: now() - started };
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
    return { kind: 'unreachable', ms: now() - started, detail: cause };
  }
}

/** The names Slack shows for an app that failed: Slackbot quotes these to the person. */
export function failureCode(answer: AppAnswer): string {
  if (answer.kind === 'timeout') return 'operation_timeout';
  if (answer.kind === 'unreachable') return 'dispatch_failed';
  return 'http_service_error';
}
