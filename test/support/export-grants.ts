/**
 * The S3 grants of the two functions that touch the export bucket, as `action on resource` the way
 * test/infra/serverless-package.test.ts prints a template's grants. test/infra/export-s3-actions.test.ts
 * records what each really asks of S3 (the worker storing exports, the Slack function's presigned
 * URLs when a link is opened) and compares it with these lists; the package test compares the
 * template with them. A new call fails the first until it is listed here, and then the second until
 * infra/iam.yml grants it.
 */
export const EXPORT_OBJECTS = `Sub:\${ExportBucket.Arn}/exports/*`;

/** The worker writes exports and aborts an upload cut short; it never reads one. */
export const WORKER_EXPORT_ACTIONS = ['s3:AbortMultipartUpload', 's3:PutObject'] as const;
/** The Slack function presigns the GET a download link redirects to; S3 checks it against this role. */
export const SLACK_EXPORT_ACTIONS = ['s3:GetObject'] as const;

const grantsOf = (actions: readonly string[]) => actions.map((action) => `${action} on ${EXPORT_OBJECTS}`);
export const WORKER_EXPORT_GRANTS = grantsOf(WORKER_EXPORT_ACTIONS);
export const SLACK_EXPORT_GRANTS = grantsOf(SLACK_EXPORT_ACTIONS);
