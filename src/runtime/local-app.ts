import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HTTPReceiver, type Receiver } from '@slack/bolt';
import { loadConfig } from '../config/config.ts';
import type { Env } from '../config/env-reader.ts';
import type { LocalConfig } from '../config/local-config.ts';
import type { Logger } from '../observability/logger.ts';
import type { SlackStandin } from '../slack-standin/index.ts';
import type { Poller } from '../tracker/poller.ts';
import { nodeWithDownloads } from './download-routes.ts';
import { buildFrontDoor, type FrontDoor } from './front-door.ts';
import {
  dynamoDbAdapter,
  exportStoreAdapter,
  maxcomputeEnvironment,
  slackEnvironment,
  slackReceiver,
} from './local-adapters.ts';
import { connectInProcessWorker, runPollerLoop } from './local-parts.ts';
import { buildParts, type Parts } from './parts.ts';
import { buildPoller } from './poller-parts.ts';
import { guardedRequestListener } from './slack-http-listener.ts';
import { SlackRequestGuard } from './slack-request-guard.ts';

/**
 * The composition root of `npm start`: the whole product in one process, each part embedded unless
 * the environment names the real one (src/config/local-config.ts). The Slack app runs in Bolt's HTTP
 * mode on /slack/events (or Socket Mode), the poller loops as EventBridge would invoke it, an
 * in-process bus stands in for EventBridge, and by default the Slack stand-in serves the simulator
 * page wired to the app.
 */
export interface LocalApp {
  readonly config: LocalConfig;
  /** Lines saying what runs where, for the console. */
  readonly summary: readonly string[];
  /** The simulator page (simulator mode). */
  readonly simulatorUrl?: string;
  /** The app's Request URL (HTTP modes). */
  readonly slackEventsUrl?: string;
  readonly standin?: SlackStandin;
  readonly maxcomputeEndpoint: string;
  close(): Promise<void>;
}

export interface LocalAppOptions {
  readonly logger?: Logger;
}

export async function startLocalApp(env: Env, options: LocalAppOptions = {}): Promise<LocalApp> {
  // Every problem of the user's environment at once, before anything starts.
  const { local, identity } = loadConfig(env, 'local');
  if (local === undefined) throw new Error('no local configuration');
  const closers: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const closer of closers.splice(0).reverse()) await closer().catch(() => undefined);
  };
  try {
    return await assemble(env, { local, identityTable: identity.tableName }, options, closers, close);
  } catch (error) {
    await close();
    throw error;
  }
}

async function assemble(
  env: Env,
  first: { readonly local: LocalConfig; readonly identityTable: string | undefined },
  options: LocalAppOptions,
  closers: (() => Promise<void>)[],
  close: () => Promise<void>,
): Promise<LocalApp> {
  const { local } = first;
  const summary: string[] = [];
  const slackEnv = await slackEnvironment(env, local, closers);
  const maxcomputeEnv = await maxcomputeEnvironment(env, local, closers);
  summary.push(maxcomputeEnv.description);
  const dynamo = await dynamoDbAdapter(env, local, closers, first.identityTable);
  summary.push(dynamo.description);

  // The embedded services' values read in as the real ones' would be; what runs where stays as first read.
  const config = { ...loadConfig({ ...env, ...slackEnv.env, ...maxcomputeEnv.env }, 'local'), local };
  const exports = await exportStoreAdapter(env, config, closers);
  summary.push(exports.description);
  const { server, appUrl } = await startAppServer(local, closers);
  const parts = buildParts(config, {
    dynamoDb: dynamo.dynamoDb,
    exportStore: exports.exportStore,
    exportBucket: exports.exportBucket,
    publicUrl: () => appUrl,
    ...(options.logger ? { logger: options.logger } : {}),
  });
  closers.push(() => parts.close());
  const receiver = slackReceiver(env, local, parts.slackConfig, parts.logger);
  const frontDoor = buildFrontDoor(parts, receiver);
  const bus = connectInProcessWorker(parts, frontDoor);
  closers.push(() => bus.drain());

  const slackEventsUrl = await startSlackApp(receiver, frontDoor, parts, { server, appUrl }, closers, summary);
  summary.push(`Export downloads:        GET ${appUrl}/exports/…`);

  const standin = slackEnv.standin;
  if (standin !== undefined && slackEventsUrl !== undefined) {
    standin.connectApp({ requestUrl: slackEventsUrl, signingSecret: parts.slackConfig.signingSecret });
    summary.push(`Slack Web API stand-in:  ${standin.apiUrl}`);
  } else if (local.slack === 'remote-standin') {
    summary.push(`Slack Web API:           ${parts.slackConfig.apiUrl} (SLACK_API_URL)`);
  }

  startPolling(buildPoller(parts), parts.logger, closers);
  const tick = config.poll.tickIntervalMs;
  summary.push(`Poller:                  every ${tick} ms, in process (EventBridge: in-process bus)`);

  const simulatorUrl = standin === undefined ? undefined : `${standin.url}/`;
  if (simulatorUrl !== undefined) summary.unshift(`Open the Slack simulator: ${simulatorUrl}`);
  return {
    config: local,
    summary,
    simulatorUrl,
    slackEventsUrl,
    standin,
    maxcomputeEndpoint: config.maxcompute?.endpoint ?? '',
    close,
  };
}

/**
 * The Slack app's own side: in HTTP mode, Bolt's receiver behind the request guard (signature,
 * window, replay) on the app's server, whose URL it answers; in Socket Mode, Bolt connected and the
 * server answering the export links only. Either way the export links come first (download-routes.ts).
 */
async function startSlackApp(
  receiver: Receiver,
  frontDoor: FrontDoor,
  parts: Parts,
  http: { readonly server: Server; readonly appUrl: string },
  closers: (() => Promise<void>)[],
  summary: string[],
): Promise<string | undefined> {
  const { slackConfig, store, logger } = parts;
  if (!(receiver instanceof HTTPReceiver)) {
    http.server.on('request', nodeWithDownloads(parts.downloads, notFound));
    await frontDoor.app.start();
    closers.push(() => frontDoor.app.stop() as Promise<void>);
    summary.push('Slack app (Bolt, Socket Mode): connected to the workspace of SLACK_APP_TOKEN');
    return undefined;
  }
  const guard = new SlackRequestGuard({ signingSecret: slackConfig.signingSecret, store, logger });
  http.server.on(
    'request',
    nodeWithDownloads(parts.downloads, guardedRequestListener(guard, receiver.requestListener)),
  );
  const url = `${http.appUrl}/slack/events`;
  summary.push(`Slack app (Bolt, HTTP):  POST ${url}`);
  return url;
}

function notFound(_request: IncomingMessage, response: ServerResponse): void {
  response.writeHead(404, { 'content-length': '0' });
  response.end();
}

/**
 * The app's HTTP server, listening before the parts are built because the export links point to its
 * address; what it answers is attached once the Slack app is built (startSlackApp).
 */
async function startAppServer(
  local: LocalConfig,
  closers: (() => Promise<void>)[],
): Promise<{ server: Server; appUrl: string }> {
  const server = await listen(createServer(), local.port, local.host);
  closers.push(() => closeServer(server));
  return { server, appUrl: `http://${hostForUrl(local.host)}:${(server.address() as AddressInfo).port}` };
}

/** The poller looping as EventBridge would invoke it, until the app closes. */
function startPolling(poller: Poller, logger: Logger, closers: (() => Promise<void>)[]): void {
  const stopPolling = new AbortController();
  const loop = runPollerLoop(poller, logger, stopPolling.signal);
  closers.push(async () => {
    stopPolling.abort();
    await loop;
  });
}

function listen(server: Server, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

function hostForUrl(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
