import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { loadConfig } from '../../src/config/config.ts';
import { startEmbeddedDynamoDb } from '../../src/runtime/local-adapters.ts';
import { LOCAL_TABLE } from '../../src/runtime/parts.ts';
import { DynamoDbIdentityMappingStore } from '../../src/store/dynamodb-identity-mapping-store.ts';
import { mapping, user } from '../support/identity-fixtures.ts';

/** `npm start`'s dynalite holds both tables: the instances' and the identity mappings' the configuration names. */
describe('the embedded DynamoDB', () => {
  it('creates the instance table and the identity table of the local configuration', async () => {
    const tableName = loadConfig({}, 'local').identity.tableName ?? '';
    const embedded = await startEmbeddedDynamoDb();
    try {
      for (const name of [LOCAL_TABLE, tableName]) {
        const { Table } = await embedded.client.send(new DescribeTableCommand({ TableName: name }));
        assert.equal(Table?.TableStatus, 'ACTIVE', name);
      }
      const store = new DynamoDbIdentityMappingStore({
        client: DynamoDBDocumentClient.from(embedded.client),
        tableName,
      });
      await store.put(mapping(user('U0ADA'), 'analyst'));
      assert.deepEqual(await store.get(user('U0ADA')), mapping(user('U0ADA'), 'analyst'));
    } finally {
      await embedded.close();
    }
  });

  it('names the identity table as ODPS_IDENTITY_TABLE_NAME says', async () => {
    const tableName = loadConfig({ ODPS_IDENTITY_TABLE_NAME: 'my_identities' }, 'local').identity.tableName;
    const embedded = await startEmbeddedDynamoDb(tableName);
    try {
      const { Table } = await embedded.client.send(new DescribeTableCommand({ TableName: 'my_identities' }));
      assert.equal(Table?.TableStatus, 'ACTIVE');
    } finally {
      await embedded.close();
    }
  });
});
