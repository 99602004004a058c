import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { systemClock } from '../shared/clock.ts';
import { ACTIVE_INDEX_ATTRIBUTES, ACTIVE_INDEX_NAME, Attr } from './dynamodb-item-layout.ts';

/**
 * The instance table as data: the one place its keys, index and TTL attribute are stated. Tests
 * and the local stack create it from here; the CloudFormation template is to be written from the
 * same facts (and must enable TTL on {@link INSTANCE_TABLE_TTL}, which dynalite cannot do).
 */

export const INSTANCE_TABLE_TTL = { AttributeName: Attr.expiresAt, Enabled: true } as const;

export function instanceTableDefinition(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: Attr.pk, AttributeType: 'S' },
      { AttributeName: Attr.sk, AttributeType: 'S' },
      { AttributeName: Attr.activePartition, AttributeType: 'S' },
      { AttributeName: Attr.gsi1sk, AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: Attr.pk, KeyType: 'HASH' },
      { AttributeName: Attr.sk, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [
      {
        // Sparse: only items with activePartition (unfinished instances) appear, oldest first. It keeps
        // what a tick reads of each (a Query is charged by the size of what the index holds).
        IndexName: ACTIVE_INDEX_NAME,
        KeySchema: [
          { AttributeName: Attr.activePartition, KeyType: 'HASH' },
          { AttributeName: Attr.gsi1sk, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: [...ACTIVE_INDEX_ATTRIBUTES] },
      },
    ],
  };
}

export interface CreateInstanceTableOptions {
  readonly pollIntervalMs?: number;
  readonly timeoutMs?: number;
}

/**
 * Creates the table (an existing one is accepted, so a restarted local stack can call it again) and
 * resolves once the table and its index are ACTIVE. TTL is not enabled here: dynalite rejects
 * UpdateTimeToLive, and the store never relies on deletion anyway.
 */
export function createInstanceTable(
  client: DynamoDBClient,
  tableName: string,
  options: CreateInstanceTableOptions = {},
): Promise<void> {
  return createTable(client, instanceTableDefinition(tableName), options);
}

/** Creates a table from its definition unless it exists, and resolves once it and its indexes are ACTIVE. */
export async function createTable(
  client: DynamoDBClient,
  definition: CreateTableCommandInput,
  options: CreateInstanceTableOptions = {},
): Promise<void> {
  const { pollIntervalMs = 200, timeoutMs = 120_000 } = options;
  const tableName = definition.TableName;
  try {
    await client.send(new CreateTableCommand(definition));
  } catch (error) {
    if ((error as { name?: unknown } | null)?.name !== 'ResourceInUseException') throw error;
  }
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const indexes = Table?.GlobalSecondaryIndexes ?? [];
    if (Table?.TableStatus === 'ACTIVE' && indexes.every((index) => index.IndexStatus === 'ACTIVE')) return;
    if (Date.now() > deadline) throw new Error(`table ${tableName} not ACTIVE after ${timeoutMs} ms`);
    await systemClock.sleep(pollIntervalMs);
  }
}
