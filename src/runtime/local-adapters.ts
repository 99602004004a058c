/**
 * `npm start`'s parts, each embedded unless the environment names the real one: the Slack side
 * (simulator and stand-in, another stand-in, or Socket Mode), MaxCompute (emulator or remote) and
 * the instance store (embedded dynalite or a DynamoDB table).
 */

import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { HTTPReceiver, type Receiver, SocketModeReceiver } from '@slack/bolt';
import { Agent } from 'undici';
import type { Env } from '../config/env-reader.ts';
import { EnvReader } from '../config/env-reader.ts';
import type { LocalConfig } from '../config/local-config.ts';
import { loadMaxComputeConfig } from '../config/maxcompute-config.ts';
import type { SlackConfig } from '../config/slack-config.ts';
import { DEMO_ACCOUNT, startEmulator } from '../emulator/index.ts';
import { ClientGateway } from '../gateway/client-gateway.ts';
import { MaxComputeClient } from '../maxcompute/client.ts';
import type { Logger } from '../observability/logger.ts';
import { withoutSdkLogging } from '../observability/without-sdk-logging.ts';
import { boltLogger } from '../slack/bolt-logger.ts';
import { type SlackStandin, startSlackStandin } from '../slack-standin/index.ts';
import { DynamoDbInstanceStore } from '../store/dynamodb-instance-store.ts';
import type { InstanceStore } from '../tracker/ports.ts';
import { startEmbeddedStore } from './local-parts.ts';

/** The channel the simulator shows in Chinese unless ODPS_CHANNEL_LOCALES says otherwise. */
const SIMULATOR_CHANNEL_LOCALES = 'C0SHUJU=zh-CN';

/**
 * Simulator mode makes up a fresh signing secret and bot token for this run and points the app at
 * the embedded stand-in; the other modes use the environment as given, like the Lambda functions.
 */
export async function slackEnvironment(
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

export async function maxcomputeGateway(
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

export async function instanceStore(
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

export function slackReceiver(env: Env, config: LocalConfig, slackConfig: SlackConfig, logger: Logger): Receiver {
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
