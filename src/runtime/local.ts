import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { loadConfig } from '../config/config.ts';
import { type EmulatorOptions, type RunningEmulator, startEmulator } from '../emulator/index.ts';
import type { InProcessPublisher } from '../events/in-process-publisher.ts';
import type { DownloadLinks } from '../export/download-links.ts';
import { localS3Client, localS3Location, startEmbeddedS3 } from '../export/embedded-s3.ts';
import { S3ExportStore } from '../export/s3-export-store.ts';
import type { Credentials } from '../maxcompute/request-pipeline.ts';
import type { Logger } from '../observability/logger.ts';
import { type SlackStandin, startSlackStandin } from '../slack-standin/index.ts';
import type { Poller, PollerOptions } from '../tracker/poller.ts';
import type { InstanceStore } from '../tracker/ports.ts';
import type { FrontDoor } from './front-door.ts';
import { buildLambdaFrontDoor } from './lambda-front-door.ts';
import { emulatorEnv, slackStandinEnv, startEmbeddedDynamoDb } from './local-adapters.ts';
import { LOCAL_BOT_ACCOUNT, localIdentityEmulator, localIdentityEnv } from './local-identities.ts';
import { connectInProcessWorker } from './local-parts.ts';
import { buildParts, type Parts } from './parts.ts';
import { buildPoller } from './poller-parts.ts';
import type { SlackLambdaHandler } from './slack-lambda-handler.ts';

/**
 * The local stack of the tests and benchmarks: the Slack function as Lambda runs it (the request
 * guard in front of AwsLambdaReceiver, buildLambdaFrontDoor), built by the one builder from the one
 * configuration, on loopback services in place of the cloud ones (the MaxCompute emulator, the Slack
 * stand-in, DynamoDB on an embedded dynalite, an in-process event bus). Nothing reaches past 127.0.0.1.
 */
export interface LocalStackOptions {
  readonly project?: string;
  /** More configuration, as the functions' environment would carry it (guardrails, languages, LOG_LEVEL). */
  readonly env?: Readonly<Record<string, string>>;
  readonly emulator?: EmulatorOptions;
  /** A store of the test's own instead of DynamoDB on dynalite. */
  readonly store?: InstanceStore;
  /** Where log lines go: a logger of the caller's (default JSON lines at warn, secrets masked). */
  readonly logger?: Logger;
  readonly signingSecret?: string;
  readonly botToken?: string;
  /** What the MaxCompute client signs with. Default the emulator's demo account. */
  readonly credentials?: Credentials;
  readonly poller?: Partial<PollerOptions>;
  /** Start an embedded S3-compatible server as the export bucket (the path of exports too large for Slack). */
  readonly exportBucket?: boolean;
  /**
   * `npm start`'s identities (local-identities.ts): the bot signs as a RAM user, the emulator's STS
   * issues the analyst's and the admin's roles, the simulator's people are mapped to them, and
   * ODPS_IDENTITY_MODE is person-or-bot unless `env` says otherwise.
   */
  readonly identities?: boolean;
}

export interface LocalStack {
  readonly emulator: RunningEmulator;
  readonly standin: SlackStandin;
  readonly parts: Parts;
  readonly store: InstanceStore;
  /**
   * The embedded dynalite's client, which every part's DynamoDB calls go through (undefined with a
   * test's own store): test/infra/identity-dynamodb-actions.test.ts records on it what each function asks.
   */
  readonly dynamoDb: DynamoDBClient | undefined;
  readonly publisher: InProcessPublisher;
  readonly frontDoor: FrontDoor;
  /** functions/slack.ts's handler: signed API Gateway events in. */
  readonly slack: SlackLambdaHandler;
  readonly poller: Poller;
  readonly signingSecret: string;
  close(): Promise<void>;
}

export const LOCAL_SIGNING_SECRET = 'local-signing-secret-0123456789';
export const LOCAL_BOT_TOKEN = 'xoxb-standin';
/**
 * Where this stack's export links point. It has no HTTP server: its Lambda handler (`slack`) answers
 * them, as API Gateway would hand it the request (test/support/export-links.ts opens one that way).
 */
export const LOCAL_STACK_PUBLIC_URL = 'https://odps-chatops.example';

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const project = options.project ?? 'odps_demo';
  const signingSecret = options.signingSecret ?? LOCAL_SIGNING_SECRET;
  const botToken = options.botToken ?? LOCAL_BOT_TOKEN;
  const identities = options.identities === true;
  const emulator = await startEmulator({
    projects: [project],
    ...(identities ? localIdentityEmulator(project) : {}),
    ...options.emulator,
  });
  const standin = await startSlackStandin({ botToken });
  const embedded = options.store === undefined ? await startEmbeddedDynamoDb() : undefined;
  const s3 = options.exportBucket ? await startEmbeddedS3() : undefined;
  const s3Client = s3 ? localS3Client(s3.endpoint) : undefined;
  const config = loadConfig(
    {
      ...slackStandinEnv(standin, { signingSecret, botToken }),
      ...emulatorEnv(emulator, project, options.credentials ?? (identities ? LOCAL_BOT_ACCOUNT : undefined)),
      ...(identities ? localIdentityEnv(options.env ?? {}, emulator, embedded !== undefined) : {}),
      ...options.env,
    },
    'local',
  );
  const parts = buildParts(config, {
    ...(embedded ? { dynamoDb: embedded.client } : {}),
    ...(options.store ? { store: options.store } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    ...(s3 && s3Client
      ? {
          exportStore: (links: DownloadLinks) => new S3ExportStore({ client: s3Client, bucket: s3.bucket, links }),
          exportBucket: localS3Location(s3),
          publicUrl: () => LOCAL_STACK_PUBLIC_URL,
        }
      : {}),
  });
  const { frontDoor, slack } = await buildLambdaFrontDoor(parts);
  const publisher = connectInProcessWorker(parts, frontDoor);
  return {
    emulator,
    standin,
    parts,
    store: parts.store,
    dynamoDb: embedded?.client,
    publisher,
    frontDoor,
    slack,
    poller: buildPoller(parts, options.poller),
    signingSecret,
    close: async () => {
      await publisher.drain();
      await parts.close();
      await standin.close();
      await emulator.close();
      await embedded?.close();
      s3Client?.destroy();
      await s3?.close();
    },
  };
}
