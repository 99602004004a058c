import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerApiCall } from './api-endpoint.ts';
import { FaultQueue } from './faults.ts';
import { FileStore } from './file-store.ts';
import { MessageStore } from './message-store.ts';
import type { MethodContext } from './methods/context.ts';
import { readBody, readMultipart } from './request-body.ts';
import { ResponseUrls } from './response-urls.ts';
import { serveSimulator } from './simulator/routes.ts';
import { Simulator } from './simulator/simulator.ts';
import { DEFAULT_WORKSPACE } from './simulator/workspace.ts';
import { SocketModeHub } from './socket-mode/hub.ts';
import type { RecordedCall, SlackStandin, SlackStandinOptions } from './types.ts';
import { UserDirectory } from './user-directory.ts';
import { UserGroupDirectory } from './user-groups.ts';
import { ViewStore } from './view-store.ts';

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const isText = typeof body === 'string';
  response.writeHead(status, {
    'content-type': isText ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
    ...headers,
  });
  response.end(isText ? body : JSON.stringify(body));
}

/** The upload URL takes raw bytes or multipart; the WebClient sends one part named `body`. */
async function uploadedBytes(request: IncomingMessage, body: Buffer): Promise<Buffer> {
  const contentType = request.headers['content-type'] ?? '';
  if (!contentType.toLowerCase().startsWith('multipart/form-data')) return body;
  const parts = await readMultipart(body, contentType);
  const files = [...parts.values()].filter((part): part is Buffer => Buffer.isBuffer(part));
  return parts.get('body') instanceof Buffer ? (parts.get('body') as Buffer) : (files[0] ?? Buffer.alloc(0));
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Starts the stand-in on host:port (127.0.0.1:0 by default: a free port on loopback only). */
export async function startSlackStandin(options: SlackStandinOptions = {}): Promise<SlackStandin> {
  const host = options.host ?? '127.0.0.1';
  const clock = options.clock ?? Date.now;
  const server = createServer({ keepAliveTimeout: 5000 });
  const port = await listen(server, host, options.port ?? 0);
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  const { context, responseUrls, simulator } = standinState(options, origin, clock);
  const { messages, files, views, users, userGroups, socketMode } = context;
  const faults = new FaultQueue(options.random);
  let calls: RecordedCall[] = [];
  const env = { context, faults, ...credentials(options), clock, record: (call: RecordedCall) => calls.push(call) };

  server.on('upgrade', (request, socket, head) => {
    if (!socketMode.handleUpgrade(request, socket, head)) socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
  });

  const routes: Routes = { env, files, responseUrls, simulator, origin };
  server.on('request', (request, response) => {
    route(routes, request, response).catch((error: unknown) => {
      if (!response.headersSent)
        send(response, 500, { ok: false, error: 'standin_internal_error', detail: String(error) });
      else response.destroy();
    });
  });

  let closed: Promise<void> | undefined;
  return {
    url: origin,
    apiUrl: `${origin}/api/`,
    calls: (method) => structuredClone(method === undefined ? calls : calls.filter((call) => call.method === method)),
    clearCalls: () => {
      calls = [];
    },
    channel: (channelId) => messages.list(channelId),
    newResponseUrl: (responseContext) => responseUrls.issue(origin, responseContext),
    responses: () => responseUrls.list(),
    failNext: (method, failure, times = 1) => faults.add(method, failure, times),
    addFaultRule: (rule) => faults.addRule(rule),
    clearFaultRules: () => faults.clearRules(),
    files: () => files.list(),
    views: () => views.list(),
    setUser: (userId, user) => users.set(userId, user),
    setUserGroup: (groupId, group) => userGroups.set(groupId, group),
    connectApp: (target) => simulator.connect(target),
    socketModeConnected: () => socketMode.connected,
    simulator,
    close: () => {
      socketMode.close();
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

/** The tokens the Web API accepts, and the bot token's scopes (undefined: every scope, none checked). */
function credentials(options: SlackStandinOptions) {
  return {
    botToken: options.botToken ?? 'xoxb-standin',
    appToken: options.appToken ?? 'xapp-standin',
    botScopes: options.botScopes === undefined ? undefined : new Set(options.botScopes),
  };
}

/** What the stand-in's routes reach: the Web API, uploads, response_urls and the simulator. */
interface Routes {
  readonly env: Parameters<typeof answerApiCall>[0];
  readonly files: FileStore;
  readonly responseUrls: ResponseUrls;
  readonly simulator: Simulator;
  readonly origin: string;
}

/** One request: a Web API method, a file upload, a response_url post, or the simulator's page and API. */
async function route(routes: Routes, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const { env, files, responseUrls, simulator, origin } = routes;
  const url = new URL(request.url ?? '/', origin);
  const [, area, name] = url.pathname.split('/');
  const body = await readBody(request);
  if (area === 'api' && name !== undefined && (request.method === 'POST' || request.method === 'GET')) {
    const answer = await answerApiCall(env, decodeURIComponent(name), request, url.searchParams, body);
    return send(response, answer.status, answer.body, answer.headers);
  }
  if (area === 'upload' && name !== undefined && request.method === 'POST') {
    const bytes = await uploadedBytes(request, body);
    if (!files.receive(name, bytes)) return send(response, 404, 'file not found');
    return send(response, 200, `OK - ${bytes.length}`);
  }
  if (area === 'response' && name !== undefined && request.method === 'POST') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      parsed = undefined;
    }
    const answer = responseUrls.post(name, parsed);
    return send(response, answer.status, answer.body);
  }
  if (await serveSimulator(simulator, request, response, url, body)) return;
  send(response, 404, { ok: false, error: 'not_found' });
}

/** What the stand-in keeps (messages, files, views, users and groups, Socket Mode) and the simulator over it. */
function standinState(options: SlackStandinOptions, origin: string, clock: () => number) {
  const teamId = options.teamId ?? 'T0STANDIN';
  const messages = new MessageStore(clock);
  const files = new FileStore();
  const views = new ViewStore();
  const users = new UserDirectory(teamId);
  const userGroups = new UserGroupDirectory();
  const identity = { teamId, botUserId: options.botUserId ?? 'U0BOT', botId: options.botId ?? 'B0BOT', origin };
  const workspace = options.workspace ?? DEFAULT_WORKSPACE;
  // Only the Web API reads the workspace's groups (the simulator registers the people it also shows).
  for (const { id, ...group } of workspace.userGroups ?? []) userGroups.set(id, group);
  const socketMode = new SocketModeHub(origin, workspace.appId, clock);
  const context: MethodContext = { identity, messages, files, views, users, userGroups, socketMode };
  const responseUrls = new ResponseUrls(messages, identity.botUserId, clock);
  const simulator = new Simulator({
    workspace,
    teamId,
    botUserId: identity.botUserId,
    origin,
    messages,
    files,
    views,
    users,
    responseUrls,
    clock,
    socketMode,
  });
  return { context, responseUrls, simulator };
}
