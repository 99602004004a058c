import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
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
    assert.equal(typeof Item?.claimToken, 'string');
    assert.deepEqual(Item, {
      pk: `claim#${key}`,
      sk: 'claim',
      expiresAt: nowSeconds + 90,
      claimToken: Item?.claimToken,
    });
  });

  it('a claim whose answer was lost and sent again (as the SDK retries) is still its caller’s', async () => {
    // Every put goes out twice, as when the first answer is lost on the way back and the SDK retries.
    const twice = {
      send: async (command: unknown) => {
        if (command instanceof PutCommand) await documents.send(command);
        return documents.send(command as never);
      },
    } as unknown as DynamoDBDocumentClient;
    const resent = new DynamoDbInstanceStore({ client: twice, tableName: TABLE, clock: () => clock.now() });
    const key = `trigger-${randomUUID()}`;
    assert.equal(await resent.claimOnce(key, 90), true, 'the retried put found its own claim');
    assert.equal(await store.claimOnce(key, 90), false, 'anyone else still finds it claimed');
    assert.equal(await resent.claimOnce(key, 90), false, 'and so does the same store, on a new call');
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

  it('lists instances owed a notice on the sparse active index, oldest first; terminated ones stay in', async () => {
    const project = `p${randomUUID().slice(0, 8)}`;
    const late = trackedInstance({ project, instanceId: 'instance_late' }, { trackedAt: 2_000_000_000_000 });
    const early = trackedInstance({ project, instanceId: 'instance_early' }, { trackedAt: 1_000_000_000_000 });
    const ended = trackedInstance({ project, instanceId: 'instance_ended' }, { status: 'Terminated' });
    for (const instance of [late, early, ended]) await store.track(instance);
    assert.deepEqual(await indexedIds(project), ['instance_early', 'instance_ended', 'instance_late']);
  });

  it('flattens the notice into notice* attributes and drops activePartition once it is done', async () => {
    const instance = trackedInstance({ project: 'test_proj', instanceId: `notice${randomUUID().slice(0, 8)}` });
    await store.track(instance);
    const leaseUntil = clock.now() + 60_000;
    await store.claimNotice(instance, { token: 'tok', leaseUntil, now: clock.now() });
    await store.recordNoticeStep(instance, 'tok', { postedTs: '1710491400.000400', csvPosted: true });
    await store.recordProgress(instance, { status: 'Terminated', percent: 100, updatedAt: clock.now() });
    await store.completeNotice(instance, 'tok');
    const { Item } = await rawItem(`instance#test_proj#${instance.instanceId}`, 'instance');
    assert.equal(Item?.activePartition, undefined);
    assert.equal(Item?.gsi1sk, `00${instance.trackedAt}#test_proj#${instance.instanceId}`);
    assert.equal(Item?.notice, undefined);
    assert.deepEqual(Object.fromEntries(Object.entries(Item ?? {}).filter(([name]) => name.startsWith('notice'))), {
      noticeState: 'done',
      noticeToken: 'tok',
      noticeLeaseUntil: leaseUntil,
      noticePostedTs: '1710491400.000400',
      noticeCsvPosted: true,
    });
    assert.equal(Item?.status, 'Terminated');
    assert.equal(Item?.percent, 100);
  });

  it('pages listActive past the 1 MB Query limit without a page size', async () => {
    const project = `p${randomUUID().slice(0, 8)}`;
    const queries = { count: 0 };
    const counting = DynamoDBDocumentClient.from(localDynamoDbClient(dynalite.endpoint));
    counting.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'QueryCommand') queries.count++;
        return next(args);
      },
      { step: 'initialize' },
    );
    const big = new DynamoDbInstanceStore({ client: counting, tableName: TABLE, clock: () => clock.now() });
    // The index keeps the stage string (the SQL stays behind): a long one fills the 1 MB page.
    const progress = `M1_job_0:0/1/1[0%] ${'x'.repeat(6000)}`;
    const ids = Array.from({ length: 250 }, (_, i) => `big_${String(i).padStart(3, '0')}`);
    for (let i = 0; i < ids.length; i += 25) {
      await Promise.all(
        ids
          .slice(i, i + 25)
          .map((instanceId, j) =>
            big.track(trackedInstance({ project, instanceId }, { progress, trackedAt: 1_500_000_000_000 + i + j })),
          ),
      );
    }
    const seen: string[] = [];
    try {
      for await (const instance of big.listActive()) if (instance.project === project) seen.push(instance.instanceId);
    } finally {
      counting.destroy();
    }
    assert.deepEqual(seen, ids);
    assert.ok(queries.count > 1, `expected several Query pages, got ${queries.count}`);
  });
});

async function indexedIds(project: string): Promise<string[]> {
  const { Items = [] } = await documents.send(
    new QueryCommand({
      TableName: TABLE,
      IndexName: ACTIVE_INDEX_NAME,
      KeyConditionExpression: 'activePartition = :active',
      ExpressionAttributeValues: { ':active': 'active' },
    }),
  );
  return Items.filter((item) => item.project === project).map((item) => String(item.instanceId));
}

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

  it('maps a throttled notice claim or listing to a retryable error, not to a lost claim', async () => {
    const store = failingWith(sdkError('ThrottlingException', 'client', 400));
    const key = { project: 'p', instanceId: 'i' };
    await assert.rejects(store.claimNotice(key, { token: 't', leaseUntil: 2, now: 1 }), {
      code: 'store_unavailable',
      retryable: true,
    });
    await assert.rejects(store.recordNoticeStep(key, 't', { csvPosted: true }), { code: 'store_unavailable' });
    await assert.rejects(store.completeNotice(key, 't'), { code: 'store_unavailable' });
    await assert.rejects(store.recordProgress(key, { status: 'Running', updatedAt: 1 }), { code: 'store_unavailable' });
    await assert.rejects(store.listActive()[Symbol.asyncIterator]().next(), {
      code: 'store_unavailable',
      retryable: true,
    });
  });

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
