/**
 * The DynamoDB actions the poller's role must grant, as `action on resource` the way
 * test/infra/serverless-package.test.ts prints a template's grants. test/infra/poller-dynamodb-actions.test.ts
 * records what the poller really calls and compares it with this list; the package test compares the
 * template with it. A new call fails the first until it is listed here, and then the second until
 * infra/iam.yml grants it.
 */
export const POLLER_TABLE_GRANTS = [
  'dynamodb:GetItem on GetAtt:InstanceTable.Arn',
  'dynamodb:UpdateItem on GetAtt:InstanceTable.Arn',
  `dynamodb:Query on Sub:\${InstanceTable.Arn}/index/active`,
] as const;
