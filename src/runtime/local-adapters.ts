/**
 * `npm start`'s adapters, each embedded unless the environment names the real one: the Slack side
 * (simulator and stand-in, another stand-in, or Socket Mode), MaxCompute (emulator or remote) and
 * DynamoDB (an embedded dynalite or a table in a real account). An embedded service is configured
 * the way a user configures the real one: its values go into the environment the one configuration
 * is read from (SLACK_API_URL, ODPS_ENDPOINT, …), so the parts are built exactly as on AWS.
 */

import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { HTTPReceiver, type Receiver, SocketModeReceiver } from '@slack/bolt';
import type { Config } from '../config/config.ts';
import type { Env } from '../config/env-reader.ts';
import { LOCAL_IDENTITY_TABLE } from '../config/identity-config.ts';
import type { LocalConfig } from '../config/local-config.ts';
import type { SlackConfig } from '../config/slack-config.ts';
import { DEMO_ACCOUNT, type EmulatorAccount, type RunningEmulator, startEmulator } from '../emulator/index.ts';
import type { DownloadLinks } from '../export/download-links.ts';
import { localS3Client, localS3Location, startEmbeddedS3 } from '../export/embedded-s3.ts';
import type { ExportStore } from '../export/export-store.ts';
import { S3ExportStore } from '../export/s3-export-store.ts';
import type { S3Location } from '../export/s3-object-presigner.ts';
import type { Logger } from '../observability/logger.ts';
import { withoutSdkLogging } from '../observability/without-sdk-logging.ts';
import { boltLogger } from '../slack/bolt-logger.ts';
import { type SlackStandin, startSlackStandin } from '../slack-standin/index.ts';
import { createIdentityTable } from '../store/dynamodb-identity-table.ts';
import { createInstanceTable } from '../store/dynamodb-table.ts';
import { localDynamoDbClient, startDynalite } from '../store/embedded-dynalite.ts';
import { LOCAL_BOT_ACCOUNT, localIdentityEmulator, localIdentityEnv } from './local-identities.ts';
import { LOCAL_TABLE } from './parts.ts';

type Closers = (() => Promise<void>)[];

/** The channel the simulator shows in Chinese unless ODPS_CHANNEL_LOCALES says otherwise. */
const SIMULATOR_CHANNEL_LOCALES = 'C0SHUJU=zh-CN';

/** The project `npm start` creates in the emulator unless ODPS_PROJECT_NAME names another. */
export const LOCAL_PROJECT = 'odps_demo';

/** The variables that point the app at a Slack stand-in, with the app's ids and secrets for it. */
export function slackStandinEnv(standin: SlackStandin, secrets: { signingSecret: string; botToken: string }): Env {
  return {
    SLACK_SIGNING_SECRET: secrets.signingSecret,
    SLACK_BOT_TOKEN: secrets.botToken,
    SLACK_BOT_ID: 'B0BOT',
    SLACK_BOT_USER_ID: 'U0BOT',
    SLACK_API_URL: standin.apiUrl,
  };
}

/** The variables that point the MaxCompute client at the emulator, signing as one of its accounts. */
export function emulatorEnv(
  emulator: Pick<RunningEmulator, 'endpoint'>,
  project: string,
  account: Pick<EmulatorAccount, 'accessId' | 'secret' | 'securityToken'> = DEMO_ACCOUNT,
): Env {
  return {
    ODPS_ENDPOINT: emulator.endpoint,
    ODPS_PROJECT_NAME: project,
    ALIBABA_CLOUD_ACCESS_KEY_ID: account.accessId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: account.secret,
    ...(account.securityToken ? { ALIBABA_CLOUD_SECURITY_TOKEN: account.securityToken } : {}),
  };
}

/**
 * Simulator mode makes up a fresh signing secret and bot token for this run and points the app at
 * the embedded stand-in; the other modes use the environment as given, like the Lambda functions.
 */
export async function slackEnvironment(
  env: Env,
  config: LocalConfig,
  closers: Closers,
): Promise<{ env: Env; standin?: SlackStandin }> {
  if (config.slack !== 'simulator') return { env: {} };
  const botToken = `xoxb-local-${randomBytes(12).toString('hex')}`;
  const standin = await startSlackStandin({ host: config.host, port: config.simulatorPort, botToken });
  closers.push(() => standin.close());
  return {
    standin,
    env: {
      ...slackStandinEnv(standin, { signingSecret: randomBytes(24).toString('hex'), botToken }),
      ODPS_CHANNEL_LOCALES: env.ODPS_CHANNEL_LOCALES ?? SIMULATOR_CHANNEL_LOCALES,
    },
  };
}

/** Emulator mode starts the MaxCompute emulator with the configured project; remote mode adds nothing. */
export async function maxcomputeEnvironment(
  env: Env,
  config: LocalConfig,
  closers: Closers,
): Promise<{ env: Env; description: string }> {
  if (config.maxcompute === 'remote') {
    return {
      env: {},
      description: `MaxCompute:              ${env.ODPS_ENDPOINT?.trim()} (project ${env.ODPS_PROJECT_NAME?.trim()})`,
    };
  }
  const project = env.ODPS_PROJECT_NAME?.trim() || LOCAL_PROJECT;
  const emulator = await startEmulator({
    host: config.host,
    port: config.emulatorPort,
    projects: [project],
    defaultDurationMs: config.emulatorDurationMs,
    ...localIdentityEmulator(project),
  });
  closers.push(() => emulator.close());
  return {
    env: {
      ...emulatorEnv(emulator, project, LOCAL_BOT_ACCOUNT),
      ...localIdentityEnv(env, emulator, config.store === 'embedded'),
    },
    description: [
      `MaxCompute emulator:     ${emulator.endpoint} (project ${project}, DuckDB; tables pyodps_iris, …)`,
      `STS stand-in:            ${emulator.stsEndpoint} (roles odps-analyst and odps-admin; see ODPS_IDENTITY_MAP)`,
    ].join('\n'),
  };
}

/**
 * Where exports too large for Slack go: the bucket ODPS_EXPORT_BUCKET names (AWS credentials from
 * the environment), else an S3-compatible server in this process, so the code path that runs on AWS
 * runs here too.
 */
export async function exportStoreAdapter(
  env: Env,
  config: Config,
  closers: Closers,
): Promise<{
  exportStore: (links: DownloadLinks) => ExportStore;
  exportBucket: S3Location;
  description: string;
}> {
  const { bucket, ttlDays } = config.exports;
  if (bucket !== undefined) {
    const region = env.AWS_REGION?.trim() || 'us-east-1';
    const client = withoutSdkLogging(new S3Client({ region }));
    closers.push(async () => client.destroy());
    return {
      exportStore: (links) => new S3ExportStore({ client, bucket, ttlDays, links }),
      exportBucket: { bucket, region, credentials: client.config.credentials },
      description: `Export bucket:           ${bucket} (S3)`,
    };
  }
  const s3 = await startEmbeddedS3();
  closers.push(() => s3.close());
  const client = localS3Client(s3.endpoint);
  closers.push(async () => client.destroy());
  return {
    exportStore: (links) => new S3ExportStore({ client, bucket: s3.bucket, ttlDays, links }),
    exportBucket: localS3Location(s3),
    description: `Export bucket:           ${s3.bucket} on an embedded S3-compatible server, ${s3.endpoint}`,
  };
}

/**
 * DynamoDB in the account the environment names, or dynalite in this process with the tables created:
 * the instance table and the identity mappings' (`identityTableName`, the configuration's).
 */
export async function dynamoDbAdapter(
  env: Env,
  config: LocalConfig,
  closers: Closers,
  identityTableName: string | undefined,
): Promise<{ dynamoDb: DynamoDBClient; description: string }> {
  if (config.store === 'dynamodb') {
    const client = withoutSdkLogging(new DynamoDBClient({ region: env.AWS_REGION }));
    closers.push(async () => client.destroy());
    return { dynamoDb: client, description: `Instance store:          DynamoDB table ${env.ODPS_TABLE_NAME?.trim()}` };
  }
  const embedded = await startEmbeddedDynamoDb(identityTableName);
  closers.push(() => embedded.close());
  return {
    dynamoDb: embedded.client,
    description: 'Instance store:          DynamoDB API on an embedded dynalite (in memory)',
  };
}

/** dynalite on a free loopback port, with the instance table of LOCAL_TABLE and the identity table created. */
export async function startEmbeddedDynamoDb(
  identityTableName = LOCAL_IDENTITY_TABLE,
): Promise<{ client: DynamoDBClient; close(): Promise<void> }> {
  const server = await startDynalite();
  const client = localDynamoDbClient(server.endpoint, 3);
  await createInstanceTable(client, LOCAL_TABLE);
  await createIdentityTable(client, identityTableName);
  return {
    client,
    close: async () => {
      client.destroy();
      await server.close();
    },
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
