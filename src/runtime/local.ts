import { AwsLambdaReceiver, type Receiver } from '@slack/bolt';
import { Agent } from 'undici';
import { loadSlackConfig } from '../config/slack-config.ts';
import { DEMO_ACCOUNT, type EmulatorOptions, type RunningEmulator, startEmulator } from '../emulator/index.ts';
import type { InProcessPublisher } from '../events/in-process-publisher.ts';
import { ClientGateway } from '../gateway/client-gateway.ts';
import { MaxComputeClient } from '../maxcompute/client.ts';
import type { Credentials } from '../maxcompute/request-pipeline.ts';
import { jsonLogger } from '../observability/json-logger.ts';
import type { Logger } from '../observability/logger.ts';
import { rapidRetryPolicy } from '../shared/retry-policy.ts';
import { type SlackStandin, startSlackStandin } from '../slack-standin/index.ts';
import type { Poller, PollerOptions } from '../tracker/poller.ts';
import type { InstanceStore } from '../tracker/ports.ts';
import type { FrontDoor } from './front-door.ts';
import { startEmbeddedStore, wireLocal } from './local-parts.ts';

/**
 * The local composition root: the same front door as on AWS, with the embedded parts in place of
 * the cloud ones (the MaxCompute emulator, the Slack stand-in, DynamoDB on an embedded dynalite, an in-process
 * event bus). Tests, benchmarks and the local stack start it; nothing here reaches past 127.0.0.1.
 */
export interface LocalStackOptions {
  readonly project?: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly emulator?: EmulatorOptions;
  readonly store?: InstanceStore;
  readonly receiver?: Receiver;
  readonly logger?: Logger;
  readonly signingSecret?: string;
  readonly botToken?: string;
  /** What the MaxCompute client signs with. Default the emulator's demo account. */
  readonly credentials?: Credentials;
  readonly poller?: Partial<PollerOptions>;
}

export interface LocalStack {
  readonly emulator: RunningEmulator;
  readonly standin: SlackStandin;
  readonly store: InstanceStore;
  readonly publisher: InProcessPublisher;
  readonly frontDoor: FrontDoor;
  readonly poller: Poller;
  readonly signingSecret: string;
  close(): Promise<void>;
}

export const LOCAL_SIGNING_SECRET = 'local-signing-secret-0123456789';
export const LOCAL_BOT_TOKEN = 'xoxb-standin';

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const project = options.project ?? 'odps_demo';
  const signingSecret = options.signingSecret ?? LOCAL_SIGNING_SECRET;
  const botToken = options.botToken ?? LOCAL_BOT_TOKEN;
  const emulator = await startEmulator({ projects: [project], ...options.emulator });
  const standin = await startSlackStandin({ botToken });
  const dispatcher = new Agent({ keepAliveTimeout: 1000, keepAliveMaxTimeout: 1000, connections: 128 });
  const logger = options.logger ?? jsonLogger({ level: 'warn', secrets: [signingSecret, botToken] });
  const config = loadSlackConfig({
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_BOT_TOKEN: botToken,
    SLACK_BOT_ID: 'B0BOT',
    SLACK_BOT_USER_ID: 'U0BOT',
    SLACK_API_URL: standin.apiUrl,
    ...options.env,
  });
  const client = new MaxComputeClient({
    endpoint: emulator.endpoint,
    project,
    credentials: options.credentials ?? DEMO_ACCOUNT,
    dispatcher,
    retryPolicy: rapidRetryPolicy,
    requestTimeoutMs: 15_000,
    logger,
  });
  const embedded = options.store === undefined ? await startEmbeddedStore() : undefined;
  const store = options.store ?? embedded?.store;
  if (!store) throw new Error('no instance store');
  const { publisher, frontDoor, poller } = wireLocal({
    config,
    gateway: new ClientGateway(client),
    store,
    logger,
    receiver: options.receiver ?? new AwsLambdaReceiver({ signingSecret }),
    poller: options.poller,
  });
  return {
    emulator,
    standin,
    store,
    publisher,
    frontDoor,
    poller,
    signingSecret,
    close: async () => {
      await publisher.drain();
      await dispatcher.close();
      await standin.close();
      await emulator.close();
      await embedded?.close();
    },
  };
}
