import { after } from 'node:test';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createInstanceTable } from '../../src/store/dynamodb-table.ts';
import { localDynamoDbClient, type RunningDynalite, startDynalite } from '../../src/store/embedded-dynalite.ts';

/** Tests start dynalite exactly as the local stack does; no retries, so tests see every failure. */
export { localDynamoDbClient, type RunningDynalite, startDynalite };

/** dynalite with the instance table made, and a client on it; both closed after the file's tests. */
export async function useDynaliteTable(
  tableName: string,
): Promise<{ dynalite: RunningDynalite; client: DynamoDBClient }> {
  const dynalite = await startDynalite();
  const client = localDynamoDbClient(dynalite.endpoint);
  await createInstanceTable(client, tableName);
  after(async () => {
    client.destroy();
    await dynalite.close();
  });
  return { dynalite, client };
}
