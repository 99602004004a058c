import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { HTTPReceiver, type Receiver, SocketModeReceiver } from '@slack/bolt';
import { Agent } from 'undici';
import type { Env } from '../config/env-reader.ts';
import { EnvReader } from '../config/env-reader.ts';
import { type LocalConfig, loadLocalConfig } from '../config/local-config.ts';
import { loadMaxComputeConfig } from '../config/maxcompute-config.ts';
import { loadSlackConfig, type SlackConfig } from '../config/slack-config.ts';
import { DEMO_ACCOUNT, startEmulator } from '../emulator/index.ts';
import { ClientGateway } from '../gateway/client-gateway.ts';
import { MaxComputeClient } from '../maxcompute/client.ts';
import { jsonLogger } from '../observability/json-logger.ts';
import type { Logger } from '../observability/logger.ts';
import { withoutSdkLogging } from '../observability/without-sdk-logging.ts';
import { boltLogger } from '../slack/bolt-logger.ts';
import { type SlackStandin, startSlackStandin } from '../slack-standin/index.ts';
import { DynamoDbInstanceStore } from '../store/dynamodb-instance-store.ts';
import type { InstanceStore } from '../tracker/ports.ts';
import { runPollerLoop, startEmbeddedStore, wireLocal } from './local-parts.ts';
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

/** The channel the simulator shows in Chinese unless ODPS_CHANNEL_LOCALES says otherwise. */
const SIMULATOR_CHANNEL_LOCALES = 'C0SHUJU=zh-CN';

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
  const logger =
    options.logger ??
    jsonLogger({
      level: env.LOG_LEVEL === 'debug' ? 'debug' : env.LOG_LEVEL === 'info' ? 'info' : 'warn',
      secrets: [
        slackConfig.signingSecret,
        slackConfig.botToken,
        env.ALIBABA_CLOUD_ACCESS_KEY_SECRET ?? '',
        env.ALIBABA_CLOUD_SECURITY_TOKEN ?? '',
      ],
    });

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

  let slackEventsUrl: string | undefined;
  if (receiver instanceof HTTPReceiver) {
    // Bolt's HTTP receiver behind the request guard (signature, window, replay), on a server of our
    // own: the receiver's public requestListener serves what the guard admits (slack-http-listener.ts).
    const guard = new SlackRequestGuard({ signingSecret: slackConfig.signingSecret, store: store.store, logger });
    const server = await listen(
      createServer(guardedRequestListener(guard, receiver.requestListener)),
      config.port,
      config.host,
    );
    closers.push(() => closeServer(server));
    const address = server.address() as AddressInfo;
    slackEventsUrl = `http://${hostForUrl(config.host)}:${address.port}/slack/events`;
    summary.push(`Slack app (Bolt, HTTP):  POST ${slackEventsUrl}`);
  } else {
    await frontDoor.app.start();
    closers.push(() => frontDoor.app.stop() as Promise<void>);
    summary.push('Slack app (Bolt, Socket Mode): connected to the workspace of SLACK_APP_TOKEN');
  }

  const standin = slackEnv.standin;
  if (standin !== undefined && slackEventsUrl !== undefined) {
    standin.connectApp({ requestUrl: slackEventsUrl, signingSecret: slackConfig.signingSecret });
    summary.push(`Slack Web API stand-in:  ${standin.apiUrl}`);
  } else if (config.slack === 'remote-standin') {
    summary.push(`Slack Web API:           ${slackConfig.apiUrl} (SLACK_API_URL)`);
  }

  const stopPolling = new AbortController();
  const loop = runPollerLoop(poller, logger, stopPolling.signal);
  closers.push(async () => {
    stopPolling.abort();
    await loop;
  });
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

/**
 * Simulator mode makes up a fresh signing secret and bot token for this run and points the app at
 * the embedded stand-in; the other modes use the environment as given, like the Lambda functions.
 */
async function slackEnvironment(
  env: Env,
  config: LocalConfig,
  closers: (() => Promise<void>)[],
): Promise<{ env: Env; standin?: SlackStandin }> {
  if (config.slack !== 'simulator') return { env };
  const botToken = `xoxb-local-${randomBytes(12).toString('hex')}`;
  const standin = await startSlackStandin({ host: config.host, port: config.simulatorPort, botToken });
  closers.push(() => standin.close());
  return {
    standin,
    env: {
      ...env,
      SLACK_SIGNING_SECRET: randomBytes(24).toString('hex'),
      SLACK_BOT_TOKEN: botToken,
      SLACK_BOT_ID: 'B0BOT',
      SLACK_BOT_USER_ID: 'U0BOT',
      SLACK_API_URL: standin.apiUrl,
      ODPS_CHANNEL_LOCALES: env.ODPS_CHANNEL_LOCALES ?? SIMULATOR_CHANNEL_LOCALES,
    },
  };
}

async function maxcomputeGateway(
  env: Env,
  config: LocalConfig,
  closers: (() => Promise<void>)[],
  logger: Logger,
): Promise<{ gateway: ClientGateway; endpoint: string; description: string }> {
  const dispatcher = new Agent({ keepAliveTimeout: 10_000, connections: 64 });
  closers.push(() => dispatcher.close());
  if (config.maxcompute === 'remote') {
    const remote = loadMaxComputeConfig(env);
    const client = new MaxComputeClient({
      endpoint: remote.endpoint,
      project: remote.project,
      credentials: remote.credentials,
      region: remote.region,
      dispatcher,
      requestTimeoutMs: 10_000,
      logview: { host: remote.logviewHost, hours: remote.logviewHours },
      logger,
    });
    return {
      gateway: new ClientGateway(client),
      endpoint: remote.endpoint,
      description: `MaxCompute:              ${remote.endpoint} (project ${remote.project})`,
    };
  }
  const project = new EnvReader(env).optional('ODPS_PROJECT_NAME') ?? 'odps_demo';
  const emulator = await startEmulator({
    host: config.host,
    port: config.emulatorPort,
    projects: [project],
    defaultDurationMs: config.emulatorDurationMs,
  });
  closers.push(() => emulator.close());
  const client = new MaxComputeClient({
    endpoint: emulator.endpoint,
    project,
    credentials: DEMO_ACCOUNT,
    dispatcher,
    requestTimeoutMs: 10_000,
    logger,
  });
  return {
    gateway: new ClientGateway(client),
    endpoint: emulator.endpoint,
    description: `MaxCompute emulator:     ${emulator.endpoint} (project ${project}, DuckDB; tables pyodps_iris, …)`,
  };
}

async function instanceStore(
  env: Env,
  config: LocalConfig,
  closers: (() => Promise<void>)[],
): Promise<{ store: InstanceStore; description: string }> {
  if (config.store === 'dynamodb') {
    const tableName = new EnvReader(env).optional('ODPS_TABLE_NAME') ?? '';
    const client = withoutSdkLogging(new DynamoDBClient({ region: env.AWS_REGION }));
    closers.push(async () => client.destroy());
    return {
      store: new DynamoDbInstanceStore({ client: DynamoDBDocumentClient.from(client), tableName }),
      description: `Instance store:          DynamoDB table ${tableName}`,
    };
  }
  const embedded = await startEmbeddedStore();
  closers.push(() => embedded.close());
  return {
    store: embedded.store,
    description: 'Instance store:          DynamoDB API on an embedded dynalite (in memory)',
  };
}

function slackReceiver(env: Env, config: LocalConfig, slackConfig: SlackConfig, logger: Logger): Receiver {
  if (config.slack === 'socket-mode') {
    return new SocketModeReceiver({
      appToken: env.SLACK_APP_TOKEN ?? '',
      logger: boltLogger(logger),
      installerOptions: slackConfig.apiUrl ? { clientOptions: { slackApiUrl: slackConfig.apiUrl } } : {},
    });
  }
  return new HTTPReceiver({
    signingSecret: slackConfig.signingSecret,
    endpoints: '/slack/events',
    processBeforeResponse: true,
    logger: boltLogger(logger),
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
