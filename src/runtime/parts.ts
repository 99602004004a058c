import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Agent } from 'undici';
import { type Config, secretsOf } from '../config/config.ts';
import type { MaxComputeConfig } from '../config/maxcompute-config.ts';
import type { SlackConfig } from '../config/slack-config.ts';
import { EventBridgePublisher } from '../events/eventbridge-publisher.ts';
import { InProcessPublisher } from '../events/in-process-publisher.ts';
import { DownloadLinks } from '../export/download-links.ts';
import type { ExportStore } from '../export/export-store.ts';
import { type S3Location, S3ObjectPresigner } from '../export/s3-object-presigner.ts';
import { ClientGateway } from '../gateway/client-gateway.ts';
import { MaxComputeClient } from '../maxcompute/client.ts';
import type { CredentialSource } from '../maxcompute/request-pipeline.ts';
import { jsonLogger } from '../observability/json-logger.ts';
import type { Logger } from '../observability/logger.ts';
import { type Clock, systemClock } from '../shared/clock.ts';
import { DynamoDbInstanceStore } from '../store/dynamodb-instance-store.ts';
import { DynamoDbRunRequestStore } from '../store/dynamodb-run-request-store.ts';
import { DynamoDbSpendLedger } from '../store/dynamodb-spend-ledger.ts';
import { MemoryRunRequestStore } from '../store/memory-run-request-store.ts';
import { MemorySpendLedger } from '../store/memory-spend-ledger.ts';
import type { MaxComputeGateway } from '../tracker/maxcompute-gateway.ts';
import type { InstanceStore } from '../tracker/ports.ts';
import type { RunRequestStore } from '../tracker/run-requests.ts';
import type { SpendLedger } from '../tracker/spend-ledger.ts';
import { ExportDownloads } from './export-download.ts';
import { buildIdentityParts, type IdentityParts } from './identity-parts.ts';

/**
 * The one builder of the parts every function and `npm start` share. AWS, the local app, the tests
 * and the benchmarks pass the same configuration type and differ only in these adapters: which
 * DynamoDB (the service or dynalite), which bus (EventBridge or in-process), where log lines go.
 * Everything else (the MaxCompute client's timeout, retries and keep-alive, the store's layout, the
 * logger's masking) is decided here once.
 */
export interface PartAdapters {
  /** DynamoDB's client: the service in the function's region, or an embedded dynalite. */
  readonly dynamoDb?: DynamoDBClient;
  /** A store the caller built instead of DynamoDB's (a test's in-memory store). */
  readonly store?: InstanceStore;
  /** Wraps the store every part uses (a test that injects faults between the parts and DynamoDB). */
  readonly wrapStore?: (store: InstanceStore) => InstanceStore;
  /** EventBridge's client on AWS; without one, an in-process bus runs the worker in this process. */
  readonly eventBridge?: EventBridgeClient;
  /** Where JSON log lines go (stdout by default). */
  readonly writeLog?: (line: string) => void;
  /** A logger of the caller's instead of JSON lines (a test that counts what was logged). */
  readonly logger?: Logger;
  /**
   * Where exports too large for Slack are kept (S3, or an S3-compatible server locally), made with
   * the parts' download links. Only the functions that export pass one (the worker; `npm start`).
   */
  readonly exportStore?: (links: DownloadLinks) => ExportStore;
  /** The bucket whose exports the download links open (the Slack function on AWS; `npm start`). */
  readonly exportBucket?: S3Location;
  /** Where links point when ODPS_PUBLIC_URL is not set: the local app's server, once it listens. */
  readonly publicUrl?: () => string;
  /**
   * The clock MaxCompute and STS requests are signed with and people's credentials expire by (the
   * system's by default; a test moves it to see credentials expire).
   */
  readonly clock?: Clock;
}

/** Each part on its own; the bus is EventBridge's publisher or the in-process one. */
export interface Parts {
  readonly config: Config;
  readonly slackConfig: SlackConfig;
  readonly logger: Logger;
  readonly client: MaxComputeClient;
  readonly gateway: MaxComputeGateway;
  /** Who queries run as: the mappings, STS, a gateway per person (issue #17). */
  readonly identity: IdentityParts;
  readonly store: InstanceStore;
  /** Queries held for a confirmation or an approval, and the day's spend (the cost guard, issue #16). */
  readonly runRequests: RunRequestStore;
  readonly spend: SpendLedger;
  readonly bus: EventBridgePublisher | InProcessPublisher;
  readonly exportStore: ExportStore | undefined;
  /** Answers the download links of stored exports, where an export bucket was given. */
  readonly downloads: ExportDownloads | undefined;
  /** Closes the connections the parts opened (MaxCompute's keep-alive agent). */
  close(): Promise<void>;
}

/** Where the table lives when the configuration names none: the embedded dynalite's table. */
export const LOCAL_TABLE = 'odps_chatops_local';

/**
 * MaxCompute over keep-alive connections, each request cut off after 10 s (a Lambda minute holds
 * several attempts), retried by the client's production policy.
 */
const MAXCOMPUTE_REQUEST_TIMEOUT_MS = 10_000;
const MAXCOMPUTE_KEEP_ALIVE_MS = 30_000;

export function buildParts(config: Config, adapters: PartAdapters): Parts {
  const maxcompute = configured(config);
  const logger =
    adapters.logger ??
    jsonLogger({
      level: config.logLevel,
      secrets: secretsOf(config),
      ...(adapters.writeLog ? { write: adapters.writeLog } : {}),
    });
  const dispatcher = new Agent({ keepAliveTimeout: MAXCOMPUTE_KEEP_ALIVE_MS });
  const clock = adapters.clock ?? systemClock;
  // The bot's client, and each person's (issue #17) with other credentials and everything else alike.
  const clientWith = (credentials: CredentialSource) =>
    new MaxComputeClient({
      endpoint: maxcompute.endpoint,
      project: maxcompute.project,
      credentials,
      region: maxcompute.region,
      dispatcher,
      clock,
      requestTimeoutMs: MAXCOMPUTE_REQUEST_TIMEOUT_MS,
      logview: { host: maxcompute.logviewHost, hours: maxcompute.logviewHours },
      ...(maxcompute.tunnelEndpoint ? { tunnelEndpoint: maxcompute.tunnelEndpoint } : {}),
      logger,
    });
  const client = clientWith(maxcompute.credentials);
  const gateway = new ClientGateway(client);
  const identity = buildIdentityParts({
    config: config.identity,
    maxcompute,
    bot: gateway,
    gatewayFor: (credentials) => new ClientGateway(clientWith(credentials)),
    dispatcher,
    logger,
    dynamoDb: adapters.store === undefined ? adapters.dynamoDb : undefined,
    clock,
  });
  const links = (adapters.exportStore ?? adapters.exportBucket) && downloadLinks(config, adapters.publicUrl);
  return {
    config,
    slackConfig: config.slack,
    logger,
    client,
    gateway,
    identity,
    store: (adapters.wrapStore ?? ((store) => store))(adapters.store ?? dynamoDbStore(config, adapters.dynamoDb)),
    ...costGuardStores(config, adapters),
    bus: adapters.eventBridge ? eventBridgeBus(config, adapters.eventBridge) : new InProcessPublisher(logger),
    exportStore: links && adapters.exportStore?.(links),
    downloads:
      links && adapters.exportBucket
        ? new ExportDownloads({ links, presigner: new S3ObjectPresigner(adapters.exportBucket), logger })
        : undefined,
    close: () => dispatcher.close(),
  };
}

function configured(config: Config): MaxComputeConfig {
  if (config.maxcompute === undefined) throw new Error('MaxCompute is not configured (no ODPS_ENDPOINT)');
  if (config.slack.signingSecret === '' || config.slack.botToken === '') {
    throw new Error('Slack is not configured (no signing secret or bot token)');
  }
  return config.maxcompute;
}

/** Links signed with a key derived from the Slack signing secret, pointing where the app answers HTTP. */
function downloadLinks(config: Config, fallbackUrl: (() => string) | undefined): DownloadLinks {
  const baseUrl = config.exports.publicUrl ?? fallbackUrl;
  if (baseUrl === undefined) throw new Error('export links need ODPS_PUBLIC_URL, where the app answers HTTP');
  return new DownloadLinks({ secret: config.slack.signingSecret, baseUrl });
}

/**
 * On the instance table beside the instances; in memory where the caller gave an in-memory instance
 * store (a test that runs without DynamoDB).
 */
function costGuardStores(
  config: Config,
  adapters: PartAdapters,
): { readonly runRequests: RunRequestStore; readonly spend: SpendLedger } {
  if (adapters.store !== undefined || adapters.dynamoDb === undefined) {
    return { runRequests: new MemoryRunRequestStore(), spend: new MemorySpendLedger() };
  }
  const client = DynamoDBDocumentClient.from(adapters.dynamoDb);
  const tableName = config.tableName ?? LOCAL_TABLE;
  return {
    runRequests: new DynamoDbRunRequestStore({ client, tableName }),
    spend: new DynamoDbSpendLedger({ client, tableName }),
  };
}

function eventBridgeBus(config: Config, client: EventBridgeClient): EventBridgePublisher {
  if (config.busName === undefined) throw new Error('EventBridge needs ODPS_EVENT_BUS_NAME');
  return new EventBridgePublisher({ client, busName: config.busName });
}

function dynamoDbStore(config: Config, dynamoDb: DynamoDBClient | undefined): InstanceStore {
  if (dynamoDb === undefined) throw new Error('no DynamoDB client and no store given');
  return new DynamoDbInstanceStore({
    client: DynamoDBDocumentClient.from(dynamoDb),
    tableName: config.tableName ?? LOCAL_TABLE,
  });
}
