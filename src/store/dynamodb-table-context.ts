import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** What every DynamoDB store operation needs: the client, the table, the clock and the instance ttl. */
export interface InstanceTable {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /** Epoch ms. */
  readonly clock: () => number;
  readonly instanceTtlSeconds: number;
}
