import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { InstanceKey, InstanceStore } from '../tracker/ports.ts';
import type { TrackedInstance } from '../tracker/tracked-instance.ts';
import { CREATE_UNLESS_LIVE, nowValue, UPDATE_IF_LIVE } from './dynamodb-conditions.ts';
import { isConditionalCheckFailed, toStoreError } from './dynamodb-errors.ts';
import { Attr, claimItemKey, fromInstanceItem, instanceItemKey, toInstanceItem } from './dynamodb-item-layout.ts';
import { DEFAULT_INSTANCE_TTL_SECONDS, expiresAtSeconds, isExpired } from './expiry.ts';
import { StoreConflictError, StoreNotFoundError } from './store-errors.ts';

export interface DynamoDbInstanceStoreOptions {
  /** Brought by the caller, so tests, tracing and local endpoints need no switch here. */
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /** Epoch ms. Default `Date.now`. */
  readonly clock?: () => number;
  /** How long a tracked instance is kept after `track`. Default 7 days. */
  readonly instanceTtlSeconds?: number;
}

/**
 * The {@link InstanceStore} on one DynamoDB table (layout in dynamodb-item-layout.ts). Every write
 * is a single-item conditional write, which is atomic on its own: no transactions, so it also runs
 * on dynalite. Reads are strongly consistent, so a read right after a write sees it.
 */
export class DynamoDbInstanceStore implements InstanceStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #tableName: string;
  readonly #clock: () => number;
  readonly #instanceTtlSeconds: number;

  constructor(options: DynamoDbInstanceStoreOptions) {
    this.#client = options.client;
    this.#tableName = options.tableName;
    this.#clock = options.clock ?? Date.now;
    this.#instanceTtlSeconds = options.instanceTtlSeconds ?? DEFAULT_INSTANCE_TTL_SECONDS;
  }

  async claimOnce(key: string, ttlSeconds: number): Promise<boolean> {
    const now = this.#clock();
    const item = { ...claimItemKey(key), [Attr.expiresAt]: expiresAtSeconds(now, ttlSeconds) };
    return this.#putUnlessLive('claimOnce', item, now);
  }

  async track(instance: TrackedInstance): Promise<{ readonly created: boolean; readonly instance: TrackedInstance }> {
    // The read after a lost put finds nothing only if the winner's item lapsed in between; one more
    // round settles that. Twice in a row means the clock or the table is misbehaving.
    for (let round = 0; round < 2; round++) {
      const now = this.#clock();
      const item = toInstanceItem(instance, expiresAtSeconds(now, this.#instanceTtlSeconds));
      if (await this.#putUnlessLive('track', item, now)) return { created: true, instance: fromInstanceItem(item) };
      const existing = await this.get(instance);
      if (existing) return { created: false, instance: existing };
    }
    throw new StoreConflictError(`track: ${instance.project}/${instance.instanceId} kept changing under a write`);
  }

  async get(key: InstanceKey): Promise<TrackedInstance | undefined> {
    try {
      const { Item } = await this.#client.send(
        new GetCommand({ TableName: this.#tableName, Key: instanceItemKey(key), ConsistentRead: true }),
      );
      if (!Item || isExpired(Number(Item[Attr.expiresAt]), this.#clock())) return undefined;
      return fromInstanceItem(Item);
    } catch (error) {
      throw toStoreError('get', error);
    }
  }

  async attachCard(key: InstanceKey, cardTs: string): Promise<void> {
    try {
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#tableName,
          Key: instanceItemKey(key),
          UpdateExpression: `SET ${Attr.cardTs} = :cardTs`,
          ConditionExpression: UPDATE_IF_LIVE,
          ExpressionAttributeValues: { ...nowValue(this.#clock()), ':cardTs': cardTs },
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailed(error)) throw new StoreNotFoundError(key, { cause: error });
      throw toStoreError('attachCard', error);
    }
  }

  /** True when the item was written, false when a live item already held its key. */
  async #putUnlessLive(operation: string, item: Record<string, unknown>, now: number): Promise<boolean> {
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#tableName,
          Item: item,
          ConditionExpression: CREATE_UNLESS_LIVE,
          ExpressionAttributeValues: nowValue(now),
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw toStoreError(operation, error);
    }
  }
}
