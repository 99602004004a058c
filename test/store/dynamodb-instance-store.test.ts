import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDbInstanceStore } from '../../src/store/dynamodb-instance-store.ts';
import { ACTIVE_INDEX_NAME, instanceItemKey } from '../../src/store/dynamodb-item-layout.ts';
import { createInstanceTable } from '../../src/store/dynamodb-table.ts';
import { StoreError, StoreErrorCode } from '../../src/store/store-errors.ts';
import { localDynamoDbClient, startDynalite } from '../support/dynalite.ts';
import { ManualClock } from '../support/manual-clock.ts';
import { instanceStoreContract, trackedInstance } from './instance-store-contract.ts';

const TABLE = 'odps-chatops-instances';
const dynalite = await startDynalite();
const client = localDynamoDbClient(dynalite.endpoint);
const documents = DynamoDBDocumentClient.from(client);
await createInstanceTable(client, TABLE);
after(async () => {
  client.destroy();
  await dynalite.close();
});

instanceStoreContract(
  'DynamoDbInstanceStore',
  (options) => new DynamoDbInstanceStore({ client: documents, tableName: TABLE, ...options }),
);

function rawItem(pk: string, sk: string) {
  return documents.send(new GetCommand({ TableName: TABLE, Key: { pk, sk }, ConsistentRead: true }));
}

describe('DynamoDbInstanceStore: item layout', () => {
  const clock = new ManualClock(Date.UTC(2024, 2, 15, 8, 30, 0) + 250);
  const store = new DynamoDbInstanceStore({ client: documents, tableName: TABLE, clock: () => clock.now() });
  const nowSeconds = Math.floor(clock.now() / 1000);

  it('writes a claim with expiresAt in epoch seconds', async () => {
    const key = `trigger-${randomUUID()}`;
    await store.claimOnce(key, 90);
    const { Item } = await rawItem(`claim#${key}`, 'claim');
    assert.deepEqual(Item, { pk: `claim#${key}`, sk: 'claim', expiresAt: nowSeconds + 90 });
  });

  it('writes an instance with the 7-day ttl and the active-index attributes', async () => {
    const instance = trackedInstance({ project: 'test_proj', instanceId: `20240315${randomUUID().slice(0, 8)}` });
    await store.track(instance);
    const { Item } = await rawItem(`instance#test_proj#${instance.instanceId}`, 'instance');
    assert.equal(Item?.expiresAt, nowSeconds + 7 * 24 * 3600);
    assert.equal(Item?.activePartition, 'active');
    assert.equal(Item?.gsi1sk, `00${instance.trackedAt}#test_proj#${instance.instanceId}`);
    assert.deepEqual(Item?.mentions, ['U0002', 'U0003']);
    assert.deepEqual(instanceItemKey(instance), { pk: Item?.pk, sk: Item?.sk });
  });

  it('lists unfinished instances on the sparse active index, oldest first; terminated ones stay out', async () => {
    const project = `p${randomUUID().slice(0, 8)}`;
    const late = trackedInstance({ project, instanceId: 'instance_late' }, { trackedAt: 2_000_000_000_000 });
    const early = trackedInstance({ project, instanceId: 'instance_early' }, { trackedAt: 1_000_000_000_000 });
    const done = trackedInstance({ project, instanceId: 'instance_done' }, { status: 'Terminated' });
    for (const instance of [late, early, done]) await store.track(instance);
    const { Items = [] } = await documents.send(
      new QueryCommand({
        TableName: TABLE,
        IndexName: ACTIVE_INDEX_NAME,
        KeyConditionExpression: 'activePartition = :active',
        ExpressionAttributeValues: { ':active': 'active' },
      }),
    );
    const ours = Items.filter((item) => item.project === project).map((item) => item.instanceId);
    assert.deepEqual(ours, ['instance_early', 'instance_late']);
  });
});

describe('DynamoDbInstanceStore: SDK failures', () => {
  function failingWith(error: Error): DynamoDbInstanceStore {
    // A real document client whose request never leaves: the SDK's middleware stack throws the error.
    const failing = DynamoDBDocumentClient.from(localDynamoDbClient(dynalite.endpoint));
    failing.middlewareStack.add(
      () => async () => {
        throw error;
      },
      { step: 'initialize' },
    );
    return new DynamoDbInstanceStore({ client: failing, tableName: TABLE });
  }

  function sdkError(name: string, fault: 'client' | 'server', httpStatusCode: number): Error {
    return Object.assign(new Error(`${name} from the service`), { name, $fault: fault, $metadata: { httpStatusCode } });
  }

  const retryable = [
    sdkError('ThrottlingException', 'client', 400),
    sdkError('ProvisionedThroughputExceededException', 'client', 400),
    sdkError('RequestLimitExceeded', 'client', 400),
    sdkError('InternalServerError', 'server', 500),
    Object.assign(new Error('connect ECONNRESET'), { code: 'ECONNRESET' }),
  ];
  for (const error of retryable) {
    it(`maps ${error.name} ${(error as { code?: string }).code ?? ''} to a retryable store_unavailable`, async () => {
      await assert.rejects(failingWith(error).claimOnce('k', 60), (thrown: unknown) => {
        assert.ok(thrown instanceof StoreError);
        assert.equal(thrown.code, StoreErrorCode.Unavailable);
        assert.equal(thrown.retryable, true);
        assert.equal(thrown.cause, error);
        return true;
      });
    });
  }

  it('maps a validation error to a store_unavailable that is not retryable', async () => {
    const store = failingWith(sdkError('ValidationException', 'client', 400));
    await assert.rejects(store.get({ project: 'p', instanceId: 'i' }), { code: 'store_unavailable', retryable: false });
  });

  it('maps a missing table to a store_unavailable that is not retryable', async () => {
    const store = new DynamoDbInstanceStore({ client: documents, tableName: 'no-such-table' });
    await assert.rejects(store.track(trackedInstance({ project: 'p', instanceId: 'instance_1' })), {
      code: 'store_unavailable',
      retryable: false,
    });
  });

  it('maps a refused connection to a retryable store_unavailable', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const nowhere = localDynamoDbClient(`http://127.0.0.1:${port}`);
    const store = new DynamoDbInstanceStore({ client: DynamoDBDocumentClient.from(nowhere), tableName: TABLE });
    try {
      await assert.rejects(store.claimOnce('k', 60), { code: 'store_unavailable', retryable: true });
    } finally {
      nowhere.destroy();
    }
  });
});
