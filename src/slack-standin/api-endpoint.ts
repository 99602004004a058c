import type { IncomingMessage } from 'node:http';
import type { FaultQueue } from './faults.ts';
import { APP_TOKEN_METHODS } from './methods/apps.ts';
import type { MethodContext, MethodResult } from './methods/context.ts';
import { METHODS } from './methods/index.ts';
import { missingScope } from './methods/scopes.ts';
import { parseArgs, stringArg } from './request-body.ts';
import type { RecordedCall } from './types.ts';

export interface ApiAnswer {
  status: number;
  headers: Record<string, string>;
  /** An object is sent as JSON; a string as plain text (injected HTTP errors). */
  body: Record<string, unknown> | string;
}

export interface ApiEnvironment {
  context: MethodContext;
  faults: FaultQueue;
  botToken: string;
  appToken: string;
  /** The bot token's scopes; undefined: every scope (not checked). */
  botScopes: ReadonlySet<string> | undefined;
  clock: () => number;
  record: (call: RecordedCall) => void;
}

function bearerToken(request: IncomingMessage): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  return match?.[1];
}

const ok200 = (body: MethodResult): ApiAnswer => ({ status: 200, headers: {}, body });

/**
 * One Web API call, in Slack's order of concerns: unknown method, (injected fault), authentication,
 * the token's scope, then the method itself. Slack answers HTTP 200 with ok:false for every error it
 * explains, so only injected faults use other statuses; a 429 always carries Retry-After, as the
 * WebClient requires.
 */
export async function answerApiCall(
  env: ApiEnvironment,
  method: string,
  request: IncomingMessage,
  query: URLSearchParams,
  body: Buffer,
): Promise<ApiAnswer> {
  let args: Record<string, unknown> = {};
  let answer: ApiAnswer;
  try {
    args = await parseArgs(query, body, request.headers['content-type']);
    answer = runMethod(env, method, args, bearerToken(request) ?? stringArg(args, 'token'));
  } catch {
    answer = ok200({ ok: false, error: 'invalid_form_data' });
  }
  env.record({ method, args, at: env.clock(), status: answer.status, response: structuredClone(answer.body) });
  return answer;
}

function runMethod(env: ApiEnvironment, method: string, args: Record<string, unknown>, token?: string): ApiAnswer {
  const handler = METHODS.get(method);
  if (handler === undefined) return ok200({ ok: false, error: 'unknown_method' });
  const fault = env.faults.take(method, stringArg(args, 'channel') ?? stringArg(args, 'channel_id'));
  if (fault?.kind === 'ratelimited') {
    return {
      status: 429,
      headers: { 'retry-after': String(fault.retryAfterSeconds) },
      body: { ok: false, error: 'ratelimited' },
    };
  }
  if (fault?.kind === 'http')
    return { status: fault.status, headers: {}, body: `stand-in: injected HTTP ${fault.status}` };
  if (fault?.kind === 'error') return ok200({ ok: false, error: fault.error });
  if (token === undefined) return ok200({ ok: false, error: 'not_authed' });
  // Slack tells a bot token used where an app-level token belongs (and the reverse) apart from a bad one.
  const [expected, other] = APP_TOKEN_METHODS.has(method) ? [env.appToken, env.botToken] : [env.botToken, env.appToken];
  if (token === other) return ok200({ ok: false, error: 'not_allowed_token_type' });
  if (token !== expected) return ok200({ ok: false, error: 'invalid_auth' });
  const refusal = token === env.botToken ? missingScope(method, env.botScopes) : undefined;
  return ok200(refusal ?? handler(args, env.context));
}
