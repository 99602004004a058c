import type { IncomingMessage, ServerResponse } from 'node:http';
import { ADMIN_PREFIX, handleAdmin } from './admin.ts';
import { decodeQueryOnce, percentDecode } from './auth/percent.ts';
import { verifyRequest } from './auth/verify.ts';
import type { EmulatorContext } from './context.ts';
import { type FaultInjector, MALFORMED_BODY } from './faults.ts';
import { ApiError, noSuchObject } from './http/api-error.ts';
import { BodyTooLargeError, readBody, splitTarget, writeReply, writeStreamReply } from './http/body.ts';
import { errorReply, type Reply } from './http/reply.ts';
import type { RequestIds } from './ids.ts';
import { logviewPage } from './logview/page.ts';
import type { ApiRequest } from './routes/api-request.ts';
import { matchRoute } from './routes/router.ts';
import type { RequestStats } from './stats.ts';
import { matchTunnelRoute, TUNNEL_PREFIX } from './tunnel/routes.ts';

export interface HandlerEnvironment {
  readonly context: EmulatorContext;
  readonly faults: FaultInjector;
  readonly stats: RequestStats;
  readonly requestIds: RequestIds;
}

/**
 * One HTTP exchange. Admin (/__emulator) and Logview (/logview/) live outside the prefix and never
 * see faults; everything under the prefix is counted, may be faulted, is authenticated, lets the
 * clock settle instances, and is then routed.
 */
export async function handleRequest(env: HandlerEnvironment, request: IncomingMessage, response: ServerResponse) {
  const { context } = env;
  const requestId = env.requestIds.next();
  const send = (reply: Reply) =>
    reply.stream === undefined
      ? writeReply(response, reply, requestId, context.now())
      : writeStreamReply(response, { ...reply, stream: reply.stream }, requestId, context.now());
  try {
    const method = (request.method ?? 'GET').toUpperCase();
    const { path, query } = splitTarget(request.url ?? '/');
    const body = await readBody(request);
    if (path === ADMIN_PREFIX || path.startsWith(`${ADMIN_PREFIX}/`)) {
      return send(handleAdmin(method, path, body, { faults: env.faults, stats: env.stats }));
    }
    if ((path === '/logview' || path === '/logview/') && method === 'GET') {
      return send(await logviewPage(context, new URLSearchParams(query)));
    }
    const tunnel = stripPrefix(path, TUNNEL_PREFIX);
    const relative = tunnel ?? stripPrefix(path, context.options.prefix);
    if (relative === undefined) {
      return send(errorReply(noSuchObject(`Unknown resource ${path}`), requestId, context.hostId));
    }
    const match = tunnel === undefined ? matchRoute : matchTunnelRoute;
    await handleApi(env, { method, relative, query, body, request, response, requestId, send, match });
  } catch (error) {
    const apiError =
      error instanceof BodyTooLargeError
        ? new ApiError(413, 'RequestEntityTooLarge', error.message)
        : new ApiError(500, 'InternalServerError', error instanceof Error ? error.message : String(error));
    send(errorReply(apiError, requestId, context.hostId));
  }
}

interface ApiExchange {
  readonly method: string;
  readonly relative: string;
  readonly query: string;
  readonly body: string;
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  readonly requestId: string;
  readonly send: (reply: Reply) => void | Promise<void>;
  /** The API's routes, or the tunnel's (under its own mount). */
  readonly match: typeof matchRoute;
}

async function handleApi(env: HandlerEnvironment, exchange: ApiExchange): Promise<void> {
  const { context, faults } = env;
  const segments = exchange.relative
    .split('/')
    .filter((segment) => segment !== '')
    .map(percentDecode);
  const query = decodeQueryOnce(exchange.query);
  const route = exchange.match(exchange.method, segments, query);
  env.stats.count(route.kind);

  const pre = faults.before();
  if (pre === 'drop') {
    exchange.response.socket?.destroy();
    return;
  }
  let reply: Reply;
  if (pre === 'error-503' || pre === 'error-500') {
    const error =
      pre === 'error-503'
        ? new ApiError(503, 'ServiceUnavailable', 'The service is temporarily unavailable (injected fault)')
        : new ApiError(500, 'InternalServerError', 'Internal server error (injected fault)');
    reply = errorReply(error, exchange.requestId, context.hostId);
  } else if (pre === 'malformed') {
    reply = { status: 200, headers: { 'Content-Type': 'application/xml' }, body: MALFORMED_BODY };
  } else {
    const inHandler = { corruptChecksum: faults.corruptChecksum() };
    reply = await processApi(context, exchange, { segments, query, faults: inHandler }, route.handle);
    const post = faults.after();
    // A streamed reply is cut after its first bytes instead: the connection drops mid-transfer.
    if (post.dropAfterProcess && reply.stream !== undefined) reply = { ...reply, stream: cutShort(reply.stream) };
    else if (post.dropAfterProcess) {
      exchange.response.socket?.destroy();
      return;
    }
    if (post.stallMs > 0) await context.sleep(post.stallMs);
  }
  if (faults.latencyMs > 0) await context.sleep(faults.latencyMs);
  await exchange.send(reply);
}

async function* cutShort(stream: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  for await (const chunk of stream) {
    yield chunk.subarray(0, Math.ceil(chunk.length / 2));
    throw new Error('connection dropped (injected fault)');
  }
}

async function processApi(
  context: EmulatorContext,
  exchange: ApiExchange,
  parsed: Pick<ApiRequest, 'segments' | 'query' | 'faults'>,
  handle: ReturnType<typeof matchRoute>['handle'],
): Promise<Reply> {
  try {
    const now = context.now();
    const caller = verifyRequest(
      { method: exchange.method, path: exchange.relative, query: exchange.query, headers: exchange.request.headers },
      {
        accounts: context.options.accounts,
        nowMs: now,
        maxClockSkewMs: context.options.maxClockSkewMs,
        temporary: (accessId) => context.credentials.find(accessId),
      },
    );
    await context.lifecycle.settle(now);
    return await handle(context, {
      ...parsed,
      method: exchange.method,
      body: exchange.body,
      caller,
      headers: exchange.request.headers,
    });
  } catch (error) {
    if (error instanceof ApiError) return errorReply(error, exchange.requestId, context.hostId);
    throw error;
  }
}

/** The raw path relative to the mount prefix, or undefined when it is not under it. */
function stripPrefix(path: string, prefix: string): string | undefined {
  if (prefix === '') return path;
  if (path === prefix) return '/';
  return path.startsWith(`${prefix}/`) ? path.slice(prefix.length) : undefined;
}
