import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { InstanceKey, NoticeCompletion } from '../tracker/ports.ts';
import type { NoticeStep, TrackedInstance } from '../tracker/tracked-instance.ts';
import { nowValue, UPDATE_IF_LIVE } from './dynamodb-conditions.ts';
import { isConditionalCheckFailed, toStoreError } from './dynamodb-errors.ts';
import { Attr, fromInstanceItem, instanceItemKey, NOTICE_ATTR, noticeAttributes } from './dynamodb-item-layout.ts';
import type { InstanceTable } from './dynamodb-table-context.ts';
import { assignments } from './dynamodb-update.ts';
import { expiresAtSeconds } from './expiry.ts';
import { StoreConflictError } from './store-errors.ts';

/**
 * The exactly-once notice on the DynamoDB table: each operation is one conditional UpdateItem on the
 * instance item's flattened `notice*` attributes, so overlapping pollers race on DynamoDB's own
 * per-item atomicity.
 *
 *   (no notice) ──claim──▶ claimed(token A, lease) ──steps under A──▶ ──complete under A──▶ done
 *                            │ lease passed: claim by B keeps A's steps, A's writes now conflict
 *                            ▼
 *                          claimed(token B, lease)
 *
 * Re-sending a call with the same token succeeds again (the SDK retries a write whose answer was
 * lost): a claim renews its own lease, a step is set again, a completion of a done notice is a no-op.
 */

const N = NOTICE_ATTR;
const CLAIMED = { ':claimed': 'claimed' } as const;

/** Nobody holds the notice, the holder's lease ended before `:leaseNow`, or `:token` holds it already. */
const CLAIMABLE =
  `${UPDATE_IF_LIVE} AND (attribute_not_exists(${N.state}) OR ` +
  `(${N.state} = :claimed AND (${N.leaseUntil} < :leaseNow OR ${N.token} = :token)))`;

/** `:token` holds the notice and it is not done. */
const HELD = `${UPDATE_IF_LIVE} AND ${N.token} = :token AND ${N.state} = :claimed`;

/** `:token` holds the notice or completed it. */
const HELD_OR_DONE = `${UPDATE_IF_LIVE} AND ${N.token} = :token AND (${N.state} = :claimed OR ${N.state} = :done)`;

export async function claimNotice(
  table: InstanceTable,
  key: InstanceKey,
  claim: { readonly token: string; readonly leaseUntil: number; readonly now: number },
): Promise<TrackedInstance | undefined> {
  const now = table.clock();
  // The claim also keeps the record alive for a full ttl, so it cannot lapse while the notice is under way.
  const set = assignments({
    ...noticeAttributes({ state: 'claimed', token: claim.token, leaseUntil: claim.leaseUntil }),
    [Attr.expiresAt]: expiresAtSeconds(now, table.instanceTtlSeconds),
  });
  try {
    const { Attributes } = await table.client.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: instanceItemKey(key),
        UpdateExpression: `SET ${set.clauses.join(', ')}`,
        ConditionExpression: CLAIMABLE,
        ExpressionAttributeNames: set.names,
        ExpressionAttributeValues: {
          ...set.values,
          ...nowValue(now),
          ...CLAIMED,
          ':leaseNow': claim.now,
          ':token': claim.token,
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    const claimed = Attributes && fromInstanceItem(Attributes);
    if (!claimed?.notice) throw new Error('the claimed item came back without its notice');
    return claimed;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return undefined;
    throw toStoreError('claimNotice', error);
  }
}

export async function recordNoticeStep(
  table: InstanceTable,
  key: InstanceKey,
  token: string,
  step: NoticeStep,
): Promise<void> {
  const { postAttemptedAt, postedTs, csvPosted, eventPublished, cardFinal, undeliverable } = step;
  // The token is set to itself so that an empty step still checks the claim.
  const set = assignments({
    ...noticeAttributes({ postAttemptedAt, postedTs, csvPosted, eventPublished, cardFinal, undeliverable }),
    [N.token]: token,
  });
  await heldUpdate(table, 'recordNoticeStep', key, token, HELD, {
    UpdateExpression: `SET ${set.clauses.join(', ')}`,
    ExpressionAttributeNames: set.names,
    ExpressionAttributeValues: set.values,
  });
}

export async function releaseNotice(table: InstanceTable, key: InstanceKey, token: string): Promise<void> {
  await heldUpdate(table, 'releaseNotice', key, token, HELD, {
    UpdateExpression: `SET ${N.leaseUntil} = :released`,
    ExpressionAttributeValues: { ':released': 0 },
  });
}

export async function completeNotice(
  table: InstanceTable,
  key: InstanceKey,
  token: string,
  last?: NoticeCompletion,
): Promise<void> {
  const written = assignments({
    status: last?.status,
    updatedAt: last?.updatedAt,
    ...noticeAttributes({ cardFinal: last?.cardFinal, eventPublished: last?.eventPublished }),
  });
  await heldUpdate(table, 'completeNotice', key, token, HELD_OR_DONE, {
    UpdateExpression: `SET ${[`${N.state} = :done`, ...written.clauses].join(', ')} REMOVE ${Attr.activePartition}`,
    ...(written.clauses.length > 0 ? { ExpressionAttributeNames: written.names } : {}),
    ExpressionAttributeValues: { ...written.values, ':done': 'done' },
  });
}

/** An update under the holder's token; a failed condition means the claim is lost (or the record gone). */
async function heldUpdate(
  table: InstanceTable,
  operation: string,
  key: InstanceKey,
  token: string,
  condition: string,
  update: {
    readonly UpdateExpression: string;
    readonly ExpressionAttributeNames?: Record<string, string>;
    readonly ExpressionAttributeValues: Record<string, unknown>;
  },
): Promise<void> {
  try {
    await table.client.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: instanceItemKey(key),
        ...update,
        ConditionExpression: condition,
        ExpressionAttributeValues: {
          ...update.ExpressionAttributeValues,
          ...nowValue(table.clock()),
          ...CLAIMED,
          ':token': token,
        },
      }),
    );
  } catch (error) {
    if (isConditionalCheckFailed(error)) {
      throw new StoreConflictError(
        `${operation}: ${key.project}/${key.instanceId} notice is not held by this token (lease lost or record gone)`,
        { cause: error },
      );
    }
    throw toStoreError(operation, error);
  }
}
