import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HTTPReceiver, type Receiver } from '@slack/bolt';
import type { Env } from '../config/env-reader.ts';
import { type LocalConfig, loadLocalConfig } from '../config/local-config.ts';
import { loadSlackConfig, type SlackConfig } from '../config/slack-config.ts';
import { jsonLogger } from '../observability/json-logger.ts';
import type { Logger } from '../observability/logger.ts';
import type { SlackStandin } from '../slack-standin/index.ts';
import type { Poller } from '../tracker/poller.ts';
import type { InstanceStore } from '../tracker/ports.ts';
import type { FrontDoor } from './front-door.ts';
import { instanceStore, maxcomputeGateway, slackEnvironment, slackReceiver } from './local-adapters.ts';
import { runPollerLoop, wireLocal } from './local-parts.ts';
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
  const config = loadLocalConfig(env);
  const closers: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const closer of closers.splice(0).reverse()) await closer().catch(() => undefined);
  };
  try {
    return await assemble(env, config, options, closers, close);
  } catch (error) {
    await close();
    throw error;
  }
}

async function assemble(
  env: Env,
  config: LocalConfig,
  options: LocalAppOptions,
  closers: (() => Promise<void>)[],
  close: () => Promise<void>,
): Promise<LocalApp> {
  const summary: string[] = [];
  const slackEnv = await slackEnvironment(env, config, closers);
  const slackConfig = loadSlackConfig(slackEnv.env, 'auth.test');
  const logger = options.logger ?? localLogger(env, slackConfig);

  const maxcompute = await maxcomputeGateway(env, config, closers, logger);
  summary.push(maxcompute.description);
  const store = await instanceStore(env, config, closers);
  summary.push(store.description);

  const receiver = slackReceiver(env, config, slackConfig, logger);
  const { publisher, frontDoor, poller } = wireLocal({
    config: slackConfig,
    gateway: maxcompute.gateway,
    store: store.store,
    logger,
    receiver,
    poller: { tickIntervalMs: config.pollIntervalMs },
  });
  closers.push(() => publisher.drain());

  const slackEventsUrl = await startSlackApp(
    receiver,
    frontDoor,
    { slackConfig, store: store.store, logger, config },
    closers,
    summary,
  );

  const standin = slackEnv.standin;
  if (standin !== undefined && slackEventsUrl !== undefined) {
    standin.connectApp({ requestUrl: slackEventsUrl, signingSecret: slackConfig.signingSecret });
    summary.push(`Slack Web API stand-in:  ${standin.apiUrl}`);
  } else if (config.slack === 'remote-standin') {
    summary.push(`Slack Web API:           ${slackConfig.apiUrl} (SLACK_API_URL)`);
  }

  startPolling(poller, logger, closers);
  summary.push(`Poller:                  every ${config.pollIntervalMs} ms, in process (EventBridge: in-process bus)`);

  const simulatorUrl = standin === undefined ? undefined : `${standin.url}/`;
  if (simulatorUrl !== undefined) summary.unshift(`Open the Slack simulator: ${simulatorUrl}`);
  return {
    config,
    summary,
    simulatorUrl,
    slackEventsUrl,
    standin,
    maxcomputeEndpoint: maxcompute.endpoint,
    close,
  };
}

/** The console's structured log at LOG_LEVEL (warn by default), every secret masked. */
function localLogger(env: Env, slackConfig: SlackConfig): Logger {
  return jsonLogger({
    level: env.LOG_LEVEL === 'debug' ? 'debug' : env.LOG_LEVEL === 'info' ? 'info' : 'warn',
    secrets: [
      slackConfig.signingSecret,
      slackConfig.botToken,
      env.ALIBABA_CLOUD_ACCESS_KEY_SECRET ?? '',
      env.ALIBABA_CLOUD_SECURITY_TOKEN ?? '',
    ],
  });
}

/**
 * The Slack app's own side: in HTTP mode, Bolt's receiver behind the request guard (signature,
 * window, replay) on a server of our own, whose URL it answers; in Socket Mode, Bolt connected.
 */
async function startSlackApp(
  receiver: Receiver,
  frontDoor: FrontDoor,
  parts: { slackConfig: SlackConfig; store: InstanceStore; logger: Logger; config: LocalConfig },
  closers: (() => Promise<void>)[],
  summary: string[],
): Promise<string | undefined> {
  const { slackConfig, store, logger, config } = parts;
  if (!(receiver instanceof HTTPReceiver)) {
    await frontDoor.app.start();
    closers.push(() => frontDoor.app.stop() as Promise<void>);
    summary.push('Slack app (Bolt, Socket Mode): connected to the workspace of SLACK_APP_TOKEN');
    return undefined;
  }
  const guard = new SlackRequestGuard({ signingSecret: slackConfig.signingSecret, store, logger });
  const server = await listen(
    createServer(guardedRequestListener(guard, receiver.requestListener)),
    config.port,
    config.host,
  );
  closers.push(() => closeServer(server));
  const address = server.address() as AddressInfo;
  const url = `http://${hostForUrl(config.host)}:${address.port}/slack/events`;
  summary.push(`Slack app (Bolt, HTTP):  POST ${url}`);
  return url;
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
