import { randomUUID } from 'node:crypto';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { InstanceKey, InstanceStore, NoticeCompletion } from '../tracker/ports.ts';
import type { ActiveInstance, NoticeStep, TrackedInstance, TrackedStatus } from '../tracker/tracked-instance.ts';
import { CREATE_UNLESS_LIVE, CREATE_UNLESS_LIVE_OR_OWN, nowValue, UPDATE_IF_LIVE } from './dynamodb-conditions.ts';
import { isConditionalCheckFailed, toStoreError } from './dynamodb-errors.ts';
import {
  ACTIVE_INDEX_ATTRIBUTES,
  ACTIVE_INDEX_NAME,
  ACTIVE_PARTITION,
  Attr,
  claimItemKey,
  fromActiveItem,
  fromInstanceItem,
  instanceItemKey,
  NOTICE_ATTR,
  toInstanceItem,
} from './dynamodb-item-layout.ts';
import * as notice from './dynamodb-notice.ts';
import type { InstanceTable } from './dynamodb-table-context.ts';
import { assignments } from './dynamodb-update.ts';
import { DEFAULT_INSTANCE_TTL_SECONDS, expiresAtSeconds, isExpired } from './expiry.ts';
import { StoreConflictError, StoreNotFoundError } from './store-errors.ts';

export interface DynamoDbInstanceStoreOptions {
  /** Brought by the caller, so tests, tracing and local endpoints need no switch here. */
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /** Epoch ms. Default `Date.now`. */
  readonly clock?: () => number;
  /** How long a tracked instance is kept after `track`, `recordProgress` or `claimNotice`. Default 7 days. */
  readonly instanceTtlSeconds?: number;
  /** Items per Query page of `listActive` (DynamoDB's `Limit`). Default: as many as fit in 1 MB. */
  readonly activePageSize?: number;
}

/**
 * What `listActive` asks the index for. Named, not inline: `status` is a reserved word. Asked for
 * explicitly so that a table whose index still projects every attribute (made before the index kept
 * only these) answers the same.
 */
const ACTIVE_PROJECTION = (() => {
  const names = Object.fromEntries(ACTIVE_INDEX_ATTRIBUTES.map((name, n) => [`#a${n}`, name]));
  return { names, expression: Object.keys(names).join(', ') };
})();

/**
 * The {@link InstanceStore} on one DynamoDB table (layout in dynamodb-item-layout.ts, notices in
 * dynamodb-notice.ts). Every write is a single-item conditional write, which is atomic on its own:
 * no transactions, so it also runs on dynalite. Reads by key are strongly consistent, so a read
 * right after a write sees it; `listActive` reads a global index, which is only eventually
 * consistent (a just-tracked instance may show up a moment late, a just-completed one a moment longer).
 */
export class DynamoDbInstanceStore implements InstanceStore {
  readonly #table: InstanceTable;
  readonly #activePageSize: number | undefined;

  constructor(options: DynamoDbInstanceStoreOptions) {
    this.#table = {
      client: options.client,
      tableName: options.tableName,
      clock: options.clock ?? Date.now,
      instanceTtlSeconds: options.instanceTtlSeconds ?? DEFAULT_INSTANCE_TTL_SECONDS,
    };
    this.#activePageSize = options.activePageSize;
  }

  async claimOnce(key: string, ttlSeconds: number): Promise<boolean> {
    const now = this.#table.clock();
    // A token per call: the SDK's retry of this put after a lost answer finds its own item and succeeds.
    const claimToken = randomUUID();
    const item = {
      ...claimItemKey(key),
      [Attr.expiresAt]: expiresAtSeconds(now, ttlSeconds),
      [Attr.claimToken]: claimToken,
    };
    return this.#putUnlessLive('claimOnce', item, now, claimToken);
  }

  async isClaimed(key: string): Promise<boolean> {
    const { client, tableName, clock } = this.#table;
    try {
      const { Item } = await client.send(
        new GetCommand({ TableName: tableName, Key: claimItemKey(key), ConsistentRead: true }),
      );
      return Item !== undefined && !isExpired(Number(Item[Attr.expiresAt]), clock());
    } catch (error) {
      throw toStoreError('isClaimed', error);
    }
  }

  async track(instance: TrackedInstance): Promise<{ readonly created: boolean; readonly instance: TrackedInstance }> {
    // The read after a lost put finds nothing only if the winner's item lapsed in between; one more
    // round settles that. Twice in a row means the clock or the table is misbehaving.
    for (let round = 0; round < 2; round++) {
      const now = this.#table.clock();
      const item = toInstanceItem(instance, expiresAtSeconds(now, this.#table.instanceTtlSeconds));
      if (await this.#putUnlessLive('track', item, now)) return { created: true, instance: fromInstanceItem(item) };
      const existing = await this.get(instance);
      if (existing) return { created: false, instance: existing };
    }
    throw new StoreConflictError(`track: ${instance.project}/${instance.instanceId} kept changing under a write`);
  }

  async get(key: InstanceKey): Promise<TrackedInstance | undefined> {
    const { client, tableName, clock } = this.#table;
    try {
      const { Item } = await client.send(
        new GetCommand({ TableName: tableName, Key: instanceItemKey(key), ConsistentRead: true }),
      );
      if (!Item || isExpired(Number(Item[Attr.expiresAt]), clock())) return undefined;
      return fromInstanceItem(Item);
    } catch (error) {
      throw toStoreError('get', error);
    }
  }

  async attachCard(key: InstanceKey, cardTs: string): Promise<void> {
    await this.#updateIfLive('attachCard', key, { [Attr.cardTs]: cardTs });
  }

  async recordStopRequest(key: InstanceKey, userId: string): Promise<void> {
    await this.#updateIfLive('recordStopRequest', key, { [Attr.stopRequestedBy]: userId });
  }

  async *listActive(): AsyncIterable<ActiveInstance> {
    const { client, tableName, clock } = this.#table;
    let startKey: Record<string, unknown> | undefined;
    do {
      let page: { Items?: Record<string, unknown>[]; LastEvaluatedKey?: Record<string, unknown> };
      try {
        page = await client.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: ACTIVE_INDEX_NAME,
            KeyConditionExpression: `${Attr.activePartition} = :active`,
            ProjectionExpression: ACTIVE_PROJECTION.expression,
            ExpressionAttributeNames: ACTIVE_PROJECTION.names,
            ExpressionAttributeValues: { ':active': ACTIVE_PARTITION },
            ExclusiveStartKey: startKey,
            Limit: this.#activePageSize,
          }),
        );
      } catch (error) {
        throw toStoreError('listActive', error);
      }
      const now = clock();
      for (const item of page.Items ?? []) {
        // A lapsed item waits for TTL deletion; a done one may linger while the index catches up.
        if (isExpired(Number(item[Attr.expiresAt]), now) || item[NOTICE_ATTR.state] === 'done') continue;
        yield fromActiveItem(item);
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  }

  async recordProgress(
    key: InstanceKey,
    update: {
      readonly status: TrackedStatus;
      readonly progress?: string;
      readonly percent?: number;
      readonly updatedAt: number;
    },
  ): Promise<void> {
    const { status, progress, percent, updatedAt } = update;
    const expiresAt = expiresAtSeconds(this.#table.clock(), this.#table.instanceTtlSeconds);
    await this.#updateIfLive('recordProgress', key, {
      status,
      progress,
      percent,
      updatedAt,
      [Attr.expiresAt]: expiresAt,
    });
  }

  claimNotice(
    key: InstanceKey,
    claim: { readonly token: string; readonly leaseUntil: number; readonly now: number },
  ): Promise<TrackedInstance | undefined> {
    return notice.claimNotice(this.#table, key, claim);
  }

  recordNoticeStep(key: InstanceKey, token: string, step: NoticeStep): Promise<void> {
    return notice.recordNoticeStep(this.#table, key, token, step);
  }

  releaseNotice(key: InstanceKey, token: string): Promise<void> {
    return notice.releaseNotice(this.#table, key, token);
  }

  completeNotice(key: InstanceKey, token: string, last?: NoticeCompletion): Promise<void> {
    return notice.completeNotice(this.#table, key, token, last);
  }

  /** Sets the given attributes on a live item; store_not_found when there is none. */
  async #updateIfLive(operation: string, key: InstanceKey, fields: Record<string, unknown>): Promise<void> {
    const { client, tableName, clock } = this.#table;
    const set = assignments(fields);
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: instanceItemKey(key),
          UpdateExpression: `SET ${set.clauses.join(', ')}`,
          ConditionExpression: UPDATE_IF_LIVE,
          ExpressionAttributeNames: set.names,
          ExpressionAttributeValues: { ...set.values, ...nowValue(clock()) },
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailed(error)) throw new StoreNotFoundError(key, { cause: error });
      throw toStoreError(operation, error);
    }
  }

  /** True when the item was written, false when a live item already held its key. */
  async #putUnlessLive(
    operation: string,
    item: Record<string, unknown>,
    now: number,
    claimToken?: string,
  ): Promise<boolean> {
    const { client, tableName } = this.#table;
    try {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: item,
          ConditionExpression: claimToken === undefined ? CREATE_UNLESS_LIVE : CREATE_UNLESS_LIVE_OR_OWN,
          ExpressionAttributeValues: {
            ...nowValue(now),
            ...(claimToken === undefined ? {} : { ':claimToken': claimToken }),
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw toStoreError(operation, error);
    }
  }
}
