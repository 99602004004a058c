import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CredentialAuthority } from '../access/credential-authority.ts';
import type { RoleDirectory } from '../access/roles.ts';
import { ADMIN_PREFIX, handleAdmin } from '../admin.ts';
import { BodyTooLargeError, readBody, splitTarget } from '../http/body.ts';
import type { Reply } from '../http/reply.ts';
import type { EmulatorAccount } from '../options.ts';
import { assumeRole } from './assume-role.ts';
import { authenticate } from './authenticate.ts';
import type { NonceLedger } from './nonce-ledger.ts';
import { internalError, invalidAction, StsError, throttled, unavailable, v3SignatureNotEmulated } from './sts-error.ts';
import type { StsFaultInjector } from './sts-faults.ts';
import { newStsRequestId, stsAnswer, stsErrorReply } from './sts-replies.ts';
import type { StsRequestStats } from './sts-stats.ts';

/** Everything one STS exchange may touch; built once per stand-in in sts-server.ts. */
export interface StsEnvironment {
  readonly accounts: readonly EmulatorAccount[];
  readonly roles: RoleDirectory;
  readonly authority: CredentialAuthority;
  readonly nonces: NonceLedger;
  readonly faults: StsFaultInjector;
  readonly stats: StsRequestStats;
  now(): number;
  /** Real-time wait; resolves false early when the stand-in is closing. */
  sleep(ms: number): Promise<boolean>;
}

const FORM = 'application/x-www-form-urlencoded';

/**
 * One HTTP exchange with the STS stand-in. RPC style: the API answers at the root path, GET or
 * POST, its parameters in the query string and/or a form body. The admin surface (/__emulator)
 * is unsigned and never faulted; every other request is counted by outcome.
 */
export async function handleStsRequest(env: StsEnvironment, request: IncomingMessage, response: ServerResponse) {
  const requestId = newStsRequestId();
  let reply: Reply;
  let outcome: string;
  try {
    const method = (request.method ?? 'GET').toUpperCase();
    const { path, query } = splitTarget(request.url ?? '/');
    const body = await readBody(request);
    if (path === ADMIN_PREFIX || path.startsWith(`${ADMIN_PREFIX}/`)) {
      return send(response, handleAdmin(method, path, body, { faults: env.faults, stats: env.stats }));
    }
    const contentType = String(request.headers['content-type'] ?? '');
    const params = rpcParams(query, contentType.toLowerCase().startsWith(FORM) ? body : '');
    const v3 = /^ACS3-/i.test(String(request.headers.authorization ?? ''));
    ({ reply, outcome } = await answer(env, { method, path, params, v3 }, requestId));
  } catch (error) {
    const refusal =
      error instanceof BodyTooLargeError ? new StsError(413, 'RequestEntityTooLarge', error.message) : internalError();
    reply = stsErrorReply(refusal, requestId);
    outcome = refusal.code;
  }
  env.stats.count(outcome);
  if (env.faults.latencyMs > 0) await env.sleep(env.faults.latencyMs);
  send(response, reply);
}

/** An RPC call as the handler read it; `v3` when it carries a V3 (ACS3-…) Authorization header. */
interface RpcCall {
  readonly method: string;
  readonly path: string;
  readonly params: ReadonlyMap<string, string>;
  readonly v3: boolean;
}

async function answer(
  env: StsEnvironment,
  call: RpcCall,
  requestId: string,
): Promise<{ reply: Reply; outcome: string }> {
  const { method, params } = call;
  try {
    const fault = env.faults.before();
    if (fault !== undefined) throw fault === 'throttle' ? throttled() : unavailable();
    if (call.path !== '/' || (method !== 'GET' && method !== 'POST')) throw invalidAction();
    if (call.v3) throw v3SignatureNotEmulated();
    const nowMs = env.now();
    const caller = authenticate(method, params, { accounts: env.accounts, nowMs, nonces: env.nonces });
    const assumed = assumeRole(params, caller, { roles: env.roles, authority: env.authority, nowMs });
    return { reply: stsAnswer(assumed, requestId), outcome: 'AssumeRole' };
  } catch (error) {
    if (!(error instanceof StsError)) throw error;
    return { reply: stsErrorReply(error, requestId), outcome: error.code };
  }
}

/** Query and form parameters together, decoded as forms are (`+` is a space); a later one wins. */
function rpcParams(query: string, form: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const source of [query, form]) {
    for (const [name, value] of new URLSearchParams(source)) params.set(name, value);
  }
  return params;
}

function send(response: ServerResponse, reply: Reply): void {
  if (response.destroyed || response.writableEnded) return;
  const body = Buffer.from(reply.body, 'utf8');
  response.writeHead(reply.status, { ...reply.headers, 'Content-Length': String(body.length) });
  response.end(body);
}
