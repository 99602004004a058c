/**
 * The DynamoDB grants each function's role must hold on the identity mapping table (issue #17), as
 * `action on resource` the way test/infra/serverless-package.test.ts prints a template's grants.
 * test/infra/identity-dynamodb-actions.test.ts records what each function really asks of the table
 * and compares it with these lists; the package test compares the template with them. A new call
 * fails the first until it is listed here, and then the second until infra/iam.yml grants it.
 */
export const IDENTITY_TABLE = 'GetAtt:IdentityTable.Arn';

/**
 * The Slack function resolves every caller (GetItem; Query for the group mappings when the person
 * has no mapping of their own) and runs the admin commands (PutItem, DeleteItem; Query to list).
 */
export const SLACK_IDENTITY_ACTIONS = ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'];
/**
 * The worker resolves the people whose runs and exports it does, and runs again any command the
 * acknowledgement handed off, admin commands included: the same as the Slack function.
 */
export const WORKER_IDENTITY_ACTIONS = [...SLACK_IDENTITY_ACTIONS];
/** The poller resolves whoever asked for each instance it reads, and never changes a mapping. */
export const POLLER_IDENTITY_ACTIONS = ['dynamodb:GetItem', 'dynamodb:Query'];

const grantsOf = (actions: readonly string[]) => actions.map((action) => `${action} on ${IDENTITY_TABLE}`);
export const SLACK_IDENTITY_GRANTS = grantsOf(SLACK_IDENTITY_ACTIONS);
export const WORKER_IDENTITY_GRANTS = grantsOf(WORKER_IDENTITY_ACTIONS);
export const POLLER_IDENTITY_GRANTS = grantsOf(POLLER_IDENTITY_ACTIONS);
