import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { AwsLambdaReceiver } from '@slack/bolt';
import type { APIGatewayProxyEventV2, Context, EventBridgeEvent } from 'aws-lambda';
import { Agent } from 'undici';
import type { Env } from '../config/env-reader.ts';
import { EnvReader } from '../config/env-reader.ts';
import { loadMaxComputeConfig } from '../config/maxcompute-config.ts';
import { loadSlackConfig } from '../config/slack-config.ts';
import { EventBridgePublisher } from '../events/eventbridge-publisher.ts';
import { MaxComputeClient } from '../maxcompute/client.ts';
import { systemClock } from '../maxcompute/clock.ts';
import { ClientGateway } from '../maxcompute/gateway.ts';
import { jsonLogger } from '../observability/json-logger.ts';
import type { WORKER_DETAIL_TYPE, WorkerJob } from '../slack/handoff.ts';
import { SlackTrackerNotifier } from '../slack/tracker-notifier.ts';
import { DynamoDbInstanceStore } from '../store/dynamodb-instance-store.ts';
import { Poller } from '../tracker/poller.ts';
import { buildFrontDoor, type FrontDoor } from './front-door.ts';
import { resolveSecrets } from './secrets.ts';

/**
 * The AWS composition root: secrets from SSM / Secrets Manager (through the Lambda extension) at cold start, MaxCompute over a
 * keep-alive undici Agent, DynamoDB for the store, EventBridge for hand-offs. The Lambda entry points
 * in functions/ build this once per container and only delegate to it.
 */
export interface AwsRuntime {
  readonly frontDoor: FrontDoor;
  slack(event: APIGatewayProxyEventV2, context: Context): Promise<unknown>;
  worker(event: EventBridgeEvent<typeof WORKER_DETAIL_TYPE, WorkerJob>): Promise<void>;
  /** One scheduled invocation: ticks until shortly before the Lambda's own deadline. */
  poller(context: Pick<Context, 'getRemainingTimeInMillis'>): Promise<void>;
}

/** Left for the last tick to finish and the function to return before Lambda's deadline. */
const POLLER_RESERVE_MS = 10_000;

export async function createAwsRuntime(rawEnv: Env): Promise<AwsRuntime> {
  const region = rawEnv.AWS_REGION;
  const env = await resolveSecrets(rawEnv, {
    extensionUrl: `http://localhost:${rawEnv.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT ?? '2773'}`,
    sessionToken: rawEnv.AWS_SESSION_TOKEN ?? '',
  });
  const slackConfig = loadSlackConfig(env);
  const maxcomputeConfig = loadMaxComputeConfig(env);
  const read = new EnvReader(env);
  const tableName = read.required('ODPS_TABLE_NAME', 'the DynamoDB table of tracked instances');
  const busName = read.required('ODPS_EVENT_BUS_NAME', 'the EventBridge bus for hand-offs');
  const tickIntervalMs = read.integer('ODPS_POLL_INTERVAL_MS', 5000, { min: 1000, max: 60_000 });
  const maxAgeMs = read.integer('ODPS_TRACK_MAX_AGE_HOURS', 24, { min: 1, max: 24 * 30 }) * 3_600_000;
  read.done();
  const logger = jsonLogger({
    level: env.LOG_LEVEL === 'debug' ? 'debug' : 'info',
    secrets: [slackConfig.signingSecret, slackConfig.botToken, maxcomputeConfig.credentials.secret],
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
  const events = new EventBridgePublisher({ client: new EventBridgeClient({ region }), busName });
  const receiver = new AwsLambdaReceiver({ signingSecret: slackConfig.signingSecret, logger: undefined });
  const frontDoor = buildFrontDoor({
    config: slackConfig,
    gateway: new ClientGateway(client),
    store: new DynamoDbInstanceStore({
      client: DynamoDBDocumentClient.from(new DynamoDBClient({ region })),
      tableName,
    }),
    publisher: events,
    logger,
    receiver,
  });
  const slackHandler = await receiver.start();
  const poller = new Poller(
    {
      store: frontDoor.deps.store,
      gateway: frontDoor.deps.gateway,
      notifier: new SlackTrackerNotifier(frontDoor.deps.poster, Date.now),
      events,
      logger,
      now: Date.now,
      sleep: systemClock.sleep,
    },
    { tickIntervalMs, maxAgeMs },
  );
  return {
    frontDoor,
    slack: (event, context) => slackHandler(event as never, context),
    worker: (event) => frontDoor.worker.handle(event.detail),
    poller: async (context) => {
      const remaining = context.getRemainingTimeInMillis();
      // Calls still in flight when the reserve starts are cut off, so the invocation ends on time.
      const signal = AbortSignal.timeout(Math.max(0, remaining - POLLER_RESERVE_MS / 2));
      await poller.runUntil(Date.now() + remaining, POLLER_RESERVE_MS, signal);
    },
  };
}
