import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { type Config, loadConfig } from '../config/config.ts';
import type { Env } from '../config/env-reader.ts';
import type { DownloadLinks } from '../export/download-links.ts';
import type { ExportStore } from '../export/export-store.ts';
import { withoutSdkLogging } from '../observability/without-sdk-logging.ts';
import { buildParts, type Parts } from './parts.ts';
import { resolveSecrets } from './secrets.ts';

export interface AwsPartsOptions {
  /** Where log lines go; stdout (Lambda's log stream) by default. */
  readonly writeLog?: (line: string) => void;
  /**
   * The export store, for the one function that exports (the worker: aws-worker.ts). Passed in so
   * that only the worker's bundle carries the S3 SDK.
   */
  readonly exportStore?: (
    config: Config,
    region: string | undefined,
  ) => ((links: DownloadLinks) => ExportStore) | undefined;
}

/**
 * The AWS adapters of the shared parts (parts.ts): secrets from SSM / Secrets Manager through the
 * Lambda extension at cold start, then the one configuration, then DynamoDB and EventBridge in the
 * function's region. Each function's own root (aws.ts, aws-poller.ts) adds only what it runs, so no
 * bundle carries another function's code.
 */
export async function loadAwsParts(rawEnv: Env, options: AwsPartsOptions = {}): Promise<Parts> {
  const env = await resolveSecrets(rawEnv, {
    extensionUrl: `http://localhost:${rawEnv.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT ?? '2773'}`,
    sessionToken: rawEnv.AWS_SESSION_TOKEN ?? '',
  });
  const config = loadConfig(env, 'aws');
  const region = env.AWS_REGION;
  const exportStore = options.exportStore?.(config, region);
  const dynamoDb = withoutSdkLogging(new DynamoDBClient({ region }));
  const bucket = config.exports.bucket;
  return buildParts(config, {
    dynamoDb,
    eventBridge: withoutSdkLogging(new EventBridgeClient({ region })),
    ...(options.writeLog ? { writeLog: options.writeLog } : {}),
    ...(exportStore ? { exportStore } : {}),
    // Download links are presigned with the function's role, whose credentials DynamoDB's client
    // already resolves (the default provider chain): no second provider, no S3 client in this bundle.
    ...(bucket && region ? { exportBucket: { bucket, region, credentials: dynamoDb.config.credentials } } : {}),
  });
}
