import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Agent } from 'undici';
import type { Env } from '../config/env-reader.ts';
import { EnvReader } from '../config/env-reader.ts';
import { loadMaxComputeConfig } from '../config/maxcompute-config.ts';
import { loadSlackConfig, type SlackConfig } from '../config/slack-config.ts';
import { EventBridgePublisher } from '../events/eventbridge-publisher.ts';
import { ClientGateway } from '../gateway/client-gateway.ts';
import { MaxComputeClient } from '../maxcompute/client.ts';
import { jsonLogger } from '../observability/json-logger.ts';
import type { Logger } from '../observability/logger.ts';
import { withoutSdkLogging } from '../observability/without-sdk-logging.ts';
import { DynamoDbInstanceStore } from '../store/dynamodb-instance-store.ts';
import type { MaxComputeGateway } from '../tracker/maxcompute-gateway.ts';
import { DEFAULT_POLLER_OPTIONS } from '../tracker/poller.ts';
import type { InstanceStore } from '../tracker/ports.ts';
import { resolveSecrets } from './secrets.ts';

/**
 * What every function on AWS shares: configuration (secrets from SSM / Secrets Manager through the
 * Lambda extension, at cold start), the logger, MaxCompute over a keep-alive undici Agent, DynamoDB
 * for the store and EventBridge for events. Each function's own root (aws.ts, aws-poller.ts) adds
 * only what it runs, so no bundle carries another function's code.
 */
export interface AwsParts {
  readonly slackConfig: SlackConfig;
  readonly logger: Logger;
  readonly gateway: MaxComputeGateway;
  readonly store: InstanceStore;
  readonly events: EventBridgePublisher;
  readonly poll: { readonly tickIntervalMs: number; readonly maxAgeMs: number; readonly concurrency: number };
}

export interface AwsPartsOptions {
  /** Where log lines go; stdout (Lambda's log stream) by default. */
  readonly writeLog?: (line: string) => void;
}

export async function loadAwsParts(rawEnv: Env, options: AwsPartsOptions = {}): Promise<AwsParts> {
  const region = rawEnv.AWS_REGION;
  const env = await resolveSecrets(rawEnv, {
    extensionUrl: `http://localhost:${rawEnv.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT ?? '2773'}`,
    sessionToken: rawEnv.AWS_SESSION_TOKEN ?? '',
  });
  const slackConfig = loadSlackConfig(env);
  const maxcomputeConfig = loadMaxComputeConfig(env);
  const read = new EnvReader(env);
  const tableName = read.required('ODPS_TABLE_NAME', 'the DynamoDB table of tracked instances');
  const busName = read.required('ODPS_EVENT_BUS_NAME', 'the EventBridge bus for hand-offs and events');
  const tickIntervalMs = read.integer('ODPS_POLL_INTERVAL_MS', DEFAULT_POLLER_OPTIONS.tickIntervalMs, {
    min: 1000,
    max: 60_000,
  });
  const maxAgeMs = read.integer('ODPS_TRACK_MAX_AGE_HOURS', 24, { min: 1, max: 24 * 30 }) * 3_600_000;
  const concurrency = read.integer('ODPS_POLL_CONCURRENCY', DEFAULT_POLLER_OPTIONS.concurrency, { min: 1, max: 64 });
  read.done();
  const logger = jsonLogger({
    level: env.LOG_LEVEL === 'debug' ? 'debug' : 'info',
    ...(options.writeLog ? { write: options.writeLog } : {}),
    secrets: [
      slackConfig.signingSecret,
      slackConfig.botToken,
      maxcomputeConfig.credentials.secret,
      maxcomputeConfig.credentials.securityToken ?? '',
    ],
  });
  const client = new MaxComputeClient({
    endpoint: maxcomputeConfig.endpoint,
    project: maxcomputeConfig.project,
    credentials: maxcomputeConfig.credentials,
    region: maxcomputeConfig.region,
    dispatcher: new Agent({ keepAliveTimeout: 30_000 }),
    requestTimeoutMs: 10_000,
    logview: { host: maxcomputeConfig.logviewHost, hours: maxcomputeConfig.logviewHours },
    logger,
  });
  return {
    slackConfig,
    logger,
    gateway: new ClientGateway(client),
    store: new DynamoDbInstanceStore({
      client: DynamoDBDocumentClient.from(withoutSdkLogging(new DynamoDBClient({ region }))),
      tableName,
    }),
    events: new EventBridgePublisher({ client: withoutSdkLogging(new EventBridgeClient({ region })), busName }),
    poll: { tickIntervalMs, maxAgeMs, concurrency },
  };
}
