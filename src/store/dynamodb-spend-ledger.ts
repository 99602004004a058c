import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  checkSpendEntry,
  checkSpendKey,
  type SpendEntry,
  type SpendKey,
  type SpendLedger,
} from '../tracker/spend-ledger.ts';
import { isConditionalCheckFailed, toStoreError } from './dynamodb-errors.ts';
import { Attr, spendItemKey } from './dynamodb-item-layout.ts';
import { DEFAULT_SPEND_RETENTION_SECONDS, isExpired } from './expiry.ts';
import { liveSpendDayExpiry } from './spend-day.ts';

export interface DynamoDbSpendLedgerOptions {
  /** Brought by the caller, as the instance store's is. */
  readonly client: DynamoDBDocumentClient;
  /** The instance table: each scope's day is an item of its own in it. */
  readonly tableName: string;
  /** Epoch ms. Default `Date.now`. */
  readonly clock?: () => number;
  /** How long a day is kept after it ends. Default 3 days. */
  readonly retentionSeconds?: number;
}

/** The spend item's own attributes (its row in dynamodb-item-layout.ts). */
export const SPEND_ATTR = { total: 'total', runIds: 'runIds' } as const;

/**
 * The {@link SpendLedger} on the instance table, one item per scope and day, with UpdateItem and
 * GetItem only. An add is one UpdateItem that adds the amount to `total` and the run id to the
 * `runIds` string set, on condition that the set does not hold the run id yet: a retried add fails
 * that condition and adds nothing, and concurrent adds of different runs are each applied once.
 * DynamoDB sums the amounts as decimals (38 digits), not as binary floats.
 *
 * The set grows by a run id per run: an item is rewritten whole on each add (a write unit per KB),
 * and stops at DynamoDB's 400 KB, some 9,000 runs of 40-character ids in one scope's day.
 */
export class DynamoDbSpendLedger implements SpendLedger {
  readonly #client: DynamoDBDocumentClient;
  readonly #tableName: string;
  readonly #clock: () => number;
  readonly #retentionSeconds: number;

  constructor(options: DynamoDbSpendLedgerOptions) {
    this.#client = options.client;
    this.#tableName = options.tableName;
    this.#clock = options.clock ?? Date.now;
    this.#retentionSeconds = options.retentionSeconds ?? DEFAULT_SPEND_RETENTION_SECONDS;
  }

  async add(entry: SpendEntry): Promise<{ readonly total: number; readonly added: boolean }> {
    checkSpendEntry(entry);
    const expiresAt = liveSpendDayExpiry(entry.day, this.#retentionSeconds, this.#clock());
    try {
      const { Attributes } = await this.#client.send(
        new UpdateCommand({
          TableName: this.#tableName,
          Key: spendItemKey(entry),
          UpdateExpression: 'ADD #total :amount, #runIds :runIds SET #expiresAt = :expiresAt',
          ConditionExpression: 'attribute_not_exists(#runIds) OR NOT contains(#runIds, :runId)',
          ExpressionAttributeNames: {
            '#total': SPEND_ATTR.total,
            '#runIds': SPEND_ATTR.runIds,
            '#expiresAt': Attr.expiresAt,
          },
          ExpressionAttributeValues: {
            ':amount': entry.amount,
            ':runIds': new Set([entry.runId]),
            ':runId': entry.runId,
            ':expiresAt': expiresAt,
          },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return { total: Number(Attributes?.[SPEND_ATTR.total]), added: true };
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw toStoreError('add', error);
    }
    // Counted before (a retry, or the SDK re-sending an add whose answer was lost): the total as it is.
    return { total: await this.#read('add', entry), added: false };
  }

  async total(key: SpendKey): Promise<number> {
    checkSpendKey(key);
    return this.#read('total', key);
  }

  async #read(operation: string, key: SpendKey): Promise<number> {
    try {
      const { Item } = await this.#client.send(
        new GetCommand({
          TableName: this.#tableName,
          Key: spendItemKey(key),
          ConsistentRead: true,
          ProjectionExpression: '#total, #expiresAt',
          ExpressionAttributeNames: { '#total': SPEND_ATTR.total, '#expiresAt': Attr.expiresAt },
        }),
      );
      if (!Item || isExpired(Number(Item[Attr.expiresAt]), this.#clock())) return 0;
      return Number(Item[SPEND_ATTR.total] ?? 0);
    } catch (error) {
      throw toStoreError(operation, error);
    }
  }
}
