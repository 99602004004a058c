import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDbIdentityMappingStore } from '../../src/store/dynamodb-identity-mapping-store.ts';
import { createIdentityTable } from '../../src/store/dynamodb-identity-table.ts';
import { StoreError, StoreErrorCode } from '../../src/store/store-errors.ts';
import { localDynamoDbClient, startDynalite } from '../support/dynalite.ts';
import { arn, group, mapping, user } from '../support/identity-fixtures.ts';
import {
  allPages,
  identityMappingStoreContract,
  ids,
  REFUSED_INPUTS,
  refusedFor,
} from './identity-mapping-contract.ts';
import { failingDocuments, sdkError } from './sdk-failures.ts';

const dynalite = await startDynalite();
const client = localDynamoDbClient(dynalite.endpoint);
const documents = DynamoDBDocumentClient.from(client);
after(async () => {
  client.destroy();
  await dynalite.close();
});

/** A table of its own for each test, so a listing sees that test's mappings only. */
async function freshTable(): Promise<string> {
  const tableName = `identity-${randomUUID()}`;
  await createIdentityTable(client, tableName);
  return tableName;
}

identityMappingStoreContract(
  'DynamoDbIdentityMappingStore',
  async () => new DynamoDbIdentityMappingStore({ client: documents, tableName: await freshTable() }),
);

describe('DynamoDbIdentityMappingStore: item layout', () => {
  it('keeps a user under pk user, sk its id, and a group under pk group; no other attribute', async () => {
    const tableName = await freshTable();
    const store = new DynamoDbIdentityMappingStore({ client: documents, tableName });
    await store.put(mapping(user('U0ADA'), '', { roleArn: 'acs:ram::1234567890123456:Role/analyst' }));
    await store.put(mapping(group('S0LEADS'), 'lead', { mappedBy: 'config' }));
    const raw = async (pk: string, sk: string) =>
      (await documents.send(new GetCommand({ TableName: tableName, Key: { pk, sk }, ConsistentRead: true }))).Item;
    assert.deepEqual(await raw('user', 'U0ADA'), {
      pk: 'user',
      sk: 'U0ADA',
      roleArn: arn('analyst'),
      mappedBy: 'U0ADMIN',
      mappedAt: mapping(user('U0ADA'), '').mappedAt,
    });
    assert.equal((await raw('group', 'S0LEADS'))?.mappedBy, 'config');
  });

  it('refuses an item changed by hand into something that is not a mapping, for good', async () => {
    const tableName = await freshTable();
    const store = new DynamoDbIdentityMappingStore({ client: documents, tableName });
    const item = { pk: 'user', sk: 'U0ADA', roleArn: 'acs:ram::1:user/ada', mappedBy: 'U0ADMIN', mappedAt: 1 };
    await documents.send(new PutCommand({ TableName: tableName, Item: item }));
    for (const call of [() => store.get(user('U0ADA')), () => store.list(), () => store.remove(user('U0ADA'))]) {
      await assert.rejects(call(), (error: unknown) => {
        assert.ok(error instanceof StoreError);
        assert.equal(error.code, StoreErrorCode.Unavailable);
        assert.equal(error.retryable, false);
        assert.match(error.message, /user\/U0ADA is not an identity mapping/);
        return true;
      });
    }
  });

  it('fills its pages when DynamoDB stops a Query early (its 1 MB), and reads every group', async () => {
    const tableName = await freshTable();
    const store = new DynamoDbIdentityMappingStore({ client: documents, tableName });
    for (const id of ['S0A', 'S0B', 'S0C']) await store.put(mapping(group(id), id));
    for (const id of ['U0A', 'U0B', 'U0C', 'U0D']) await store.put(mapping(user(id), id));
    // Every Query answers one item and a key to go on from, as a page cut at 1 MB does.
    const stingy = {
      send: (command: unknown) => {
        if (command instanceof QueryCommand) command.input.Limit = 1;
        return documents.send(command as never);
      },
    } as unknown as DynamoDBDocumentClient;
    const cut = new DynamoDbIdentityMappingStore({ client: stingy, tableName });
    const pages = await allPages(cut, 3);
    assert.deepEqual(
      pages.map((page) => ids(page.mappings)),
      [['S0A', 'S0B', 'S0C'], ['U0A', 'U0B', 'U0C'], ['U0D']],
    );
    assert.deepEqual(ids(await cut.groups()), ['S0A', 'S0B', 'S0C']);
  });
});

describe('DynamoDbIdentityMappingStore: SDK failures and input', () => {
  it('maps throttling in every operation to a retryable store_unavailable', async () => {
    const error = sdkError('ThrottlingException', 'client', 400);
    const failing = failingDocuments(dynalite.endpoint, error);
    const store = new DynamoDbIdentityMappingStore({ client: failing, tableName: 'any' });
    try {
      for (const call of [
        () => store.get(user('U0ADA')),
        () => store.put(mapping(user('U0ADA'), 'analyst')),
        () => store.remove(group('S0LEADS')),
        () => store.list(),
        () => store.groups(),
      ]) {
        await assert.rejects(call(), (thrown: unknown) => {
          assert.ok(thrown instanceof StoreError);
          assert.equal(thrown.code, StoreErrorCode.Unavailable);
          assert.equal(thrown.retryable, true);
          assert.equal(thrown.cause, error);
          return true;
        });
      }
    } finally {
      failing.destroy();
    }
  });

  it('maps a missing table to a store_unavailable that is not retryable', async () => {
    const store = new DynamoDbIdentityMappingStore({ client: documents, tableName: 'no-such-table' });
    await assert.rejects(store.get(user('U0ADA')), { code: 'store_unavailable', retryable: false });
    await assert.rejects(store.groups(), { code: 'store_unavailable', retryable: false });
  });

  it('refuses bad input before any request (the client here would fail every one)', async () => {
    const failing = failingDocuments(dynalite.endpoint, sdkError('ThrottlingException', 'client', 400));
    const store = new DynamoDbIdentityMappingStore({ client: failing, tableName: 'any' });
    try {
      for (const { call, field } of REFUSED_INPUTS) await assert.rejects(call(store), refusedFor(field));
    } finally {
      failing.destroy();
    }
  });
});
