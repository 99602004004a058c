import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Dispatcher } from 'undici';
import { StsClient } from '../alicloud-sts/sts-client.ts';
import { type IdentityConfig, LOCAL_IDENTITY_TABLE } from '../config/identity-config.ts';
import type { MaxComputeConfig } from '../config/maxcompute-config.ts';
import { IdentityGateways } from '../gateway/identity-gateways.ts';
import { StsRoleAssumer } from '../gateway/sts-role-assumer.ts';
import { Callers } from '../identity/callers.ts';
import { CredentialCache } from '../identity/credential-cache.ts';
import type { IdentityMappingStore } from '../identity/identity-mappings.ts';
import { IdentityResolver } from '../identity/identity-resolver.ts';
import type { CredentialsProvider } from '../maxcompute/request-pipeline.ts';
import type { Logger } from '../observability/logger.ts';
import type { Clock } from '../shared/clock.ts';
import type { RetryPolicy } from '../shared/retry-policy.ts';
import { DynamoDbIdentityMappingStore } from '../store/dynamodb-identity-mapping-store.ts';
import { MemoryIdentityMappingStore } from '../store/memory-identity-mapping-store.ts';
import type { MaxComputeGateway } from '../tracker/maxcompute-gateway.ts';

/**
 * Who queries run as (issue #17), built once with the other parts: the mapping store (its own
 * DynamoDB table, or memory where a test gave an in-memory instance store), the STS client with the
 * bot's own AccessKey, each person's credentials cached, and a MaxCompute gateway per person on the
 * bot client's settings. The Slack membership lookup differs per function (each has its own Slack
 * client), so the resolver and its callers are made by `callers(groupMembers)`.
 */
export interface IdentityParts {
  readonly config: IdentityConfig;
  readonly store: IdentityMappingStore;
  readonly gateways: IdentityGateways;
  readonly credentials: CredentialCache;
  /** The resolver and the callers on one function's Slack client. */
  callers(groupMembers: (groupId: string) => Promise<Iterable<string>>): Callers;
}

export interface IdentityPartInputs {
  readonly config: IdentityConfig;
  readonly maxcompute: MaxComputeConfig;
  readonly bot: MaxComputeGateway;
  /** A gateway on a client built as the bot's is, signing with these credentials. */
  readonly gatewayFor: (credentials: CredentialsProvider) => MaxComputeGateway;
  readonly dispatcher: Dispatcher;
  readonly logger: Logger;
  /** DynamoDB, or undefined with an in-memory store (a test without DynamoDB). */
  readonly dynamoDb: DynamoDBClient | undefined;
  readonly clock: Clock;
}

/** STS's answer, like MaxCompute's, within the same per-attempt timeout. */
const STS_REQUEST_TIMEOUT_MS = 10_000;
/**
 * A person waits on AssumeRole before anything of theirs runs: a throttled or unavailable STS gets
 * two more tries within 5 s, then the person is told to try again (a 30 s wait would outlast them).
 */
export const STS_RETRY_POLICY: RetryPolicy = {
  retries: 2,
  minDelayMs: 200,
  maxDelayMs: 2000,
  factor: 3,
  deadlineMs: 5000,
};

export function buildIdentityParts(inputs: IdentityPartInputs): IdentityParts {
  const { config, maxcompute, logger, clock } = inputs;
  const now = () => clock.now();
  const sts = new StsClient({
    endpoint: config.sts.endpoint,
    credentials: {
      accessKeyId: maxcompute.credentials.accessId,
      accessKeySecret: maxcompute.credentials.secret,
      ...(maxcompute.credentials.securityToken ? { securityToken: maxcompute.credentials.securityToken } : {}),
    },
    dispatcher: inputs.dispatcher,
    clock,
    requestTimeoutMs: STS_REQUEST_TIMEOUT_MS,
    retryPolicy: STS_RETRY_POLICY,
    logger,
  });
  const assumer = new StsRoleAssumer(sts, {
    durationSeconds: config.sts.durationSeconds,
    ...(config.sts.policy === undefined ? {} : { policy: config.sts.policy }),
  });
  const credentials = new CredentialCache({
    assumer,
    now,
    capacity: config.sts.cacheSize,
    refreshMarginMs: config.sts.refreshMarginSeconds * 1000,
  });
  const gateways = new IdentityGateways({
    bot: inputs.bot,
    cache: credentials,
    gatewayFor: inputs.gatewayFor,
    capacity: config.sts.cacheSize,
  });
  const store = mappingStore(config, inputs.dynamoDb);
  return {
    config,
    store,
    gateways,
    credentials,
    callers: (groupMembers) =>
      new Callers(
        new IdentityResolver({ mode: config.mode, store, configured: config.configured, groupMembers, clock: now }),
        gateways,
        config.readerRoleArn,
      ),
  };
}

function mappingStore(config: IdentityConfig, dynamoDb: DynamoDBClient | undefined): IdentityMappingStore {
  if (dynamoDb === undefined) return new MemoryIdentityMappingStore();
  return new DynamoDbIdentityMappingStore({
    client: DynamoDBDocumentClient.from(dynamoDb),
    tableName: config.tableName ?? LOCAL_IDENTITY_TABLE,
  });
}
