/**
 * The S3 grant of the worker's role, as `action on resource` the way test/infra/serverless-package.test.ts
 * prints a template's grants. test/infra/export-s3-actions.test.ts records what the export store really
 * asks of S3 and compares it with this list; the package test compares the template with it. A new
 * call fails the first until it is listed here, and then the second until infra/iam.yml grants it.
 */
export const EXPORT_OBJECTS = `Sub:\${ExportBucket.Arn}/exports/*`;

export const EXPORT_BUCKET_ACTIONS = ['s3:AbortMultipartUpload', 's3:GetObject', 's3:PutObject'] as const;

export const EXPORT_BUCKET_GRANTS = EXPORT_BUCKET_ACTIONS.map((action) => `${action} on ${EXPORT_OBJECTS}`);
