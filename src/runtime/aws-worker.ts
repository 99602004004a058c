import { S3Client } from '@aws-sdk/client-s3';
import type { Config } from '../config/config.ts';
import type { Env } from '../config/env-reader.ts';
import type { DownloadLinks } from '../export/download-links.ts';
import type { ExportStore } from '../export/export-store.ts';
import { S3ExportStore } from '../export/s3-export-store.ts';
import { withoutSdkLogging } from '../observability/without-sdk-logging.ts';
import { type AwsRuntime, createAwsRuntime, type WorkerEvent } from './aws.ts';

/**
 * The AWS composition root of functions/worker.ts: the Slack function's runtime plus the export
 * bucket, which only the worker writes to (exports run there: src/slack/worker/export-job.ts and
 * `/odps result` after its hand-off). Kept apart so the Slack function's bundle has no S3 SDK.
 */
export async function createAwsWorker(env: Env): Promise<(event: WorkerEvent) => Promise<void>> {
  const runtime: AwsRuntime = await createAwsRuntime(env, { exportStore: s3ExportStore });
  return runtime.worker;
}

/** S3 in the function's region, when serverless.yml gave the worker its bucket (ODPS_EXPORT_BUCKET). */
export function s3ExportStore(
  config: Config,
  region: string | undefined,
): ((links: DownloadLinks) => ExportStore) | undefined {
  const { bucket, ttlDays } = config.exports;
  if (bucket === undefined) return undefined;
  const client = withoutSdkLogging(new S3Client({ region }));
  return (links) => new S3ExportStore({ client, bucket, ttlDays, links });
}
