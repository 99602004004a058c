import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDbRunRequestStore } from '../../src/store/dynamodb-run-request-store.ts';
import { StoreError, StoreErrorCode } from '../../src/store/store-errors.ts';
import { useDynaliteTable } from '../support/dynalite.ts';
import { ManualClock } from '../support/manual-clock.ts';
import { fullRunRequest, instanceId, newRunRequest, T0, uniqueRunId } from './cost-guard-support.ts';
import { runRequestStoreContract } from './run-request-contract.ts';
import { failingDocuments, resendingWrites, sdkError } from './sdk-failures.ts';

const TABLE = 'odps-chatops-instances';
const { dynalite, client } = await useDynaliteTable(TABLE);
const documents = DynamoDBDocumentClient.from(client);

runRequestStoreContract(
  'DynamoDbRunRequestStore',
  (options) => new DynamoDbRunRequestStore({ client: documents, tableName: TABLE, ...options }),
);

async function rawItem(id: string) {
  const { Item } = await documents.send(
    new GetCommand({ TableName: TABLE, Key: { pk: `runrequest#${id}`, sk: 'runrequest' }, ConsistentRead: true }),
  );
  return Item;
}

describe('DynamoDbRunRequestStore: item layout', () => {
  const clock = new ManualClock(T0);
  const store = new DynamoDbRunRequestStore({ client: documents, tableName: TABLE, clock: () => clock.now() });

  it('keeps a request under runrequest#<id>, its TTL seven days past the decision window', async () => {
    const request = fullRunRequest();
    await store.create(request);
    const item = await rawItem(request.id);
    const { expiresAt, createToken, ...fields } = item ?? {};
    assert.equal(expiresAt, Math.floor(request.expiresAt / 1000) + 7 * 24 * 3600, 'epoch seconds');
    assert.equal(typeof createToken, 'string');
    const { expiresAt: window, ...rest } = request;
    assert.deepEqual(fields, {
      pk: `runrequest#${request.id}`,
      sk: 'runrequest',
      ...rest,
      decisionExpiresAt: window,
      state: 'pending',
    });
  });

  it('takes its TTL from the retention it is given', async () => {
    const short = new DynamoDbRunRequestStore({
      client: documents,
      tableName: TABLE,
      clock: () => clock.now(),
      retentionSeconds: 3600,
    });
    const request = newRunRequest();
    await short.create(request);
    assert.equal((await rawItem(request.id))?.expiresAt, Math.floor(request.expiresAt / 1000) + 3600);
  });

  it('records the decision as a map, and the token of the call that wrote it beside it', async () => {
    const request = newRunRequest();
    await store.create(request);
    await store.decide(request.id, { kind: 'approved', by: 'U0APPROVER', at: clock.now() });
    await store.markSubmitted(request.id, '20240315083000abcdefgh');
    const item = await rawItem(request.id);
    assert.deepEqual(item?.decision, { kind: 'approved', by: 'U0APPROVER', at: clock.now() });
    assert.equal(item?.state, 'submitted');
    assert.equal(item?.instanceId, '20240315083000abcdefgh');
    assert.equal(typeof item?.decisionToken, 'string');
    const read = await store.get(request.id);
    assert.equal(read && ('decisionToken' in read || 'createToken' in read || 'pk' in read), false);
  });

  it('a create, decision or submission whose answer was lost and sent again is still its caller’s', async () => {
    const isWrite = (command: unknown) => command instanceof PutCommand || command instanceof UpdateCommand;
    const resent = new DynamoDbRunRequestStore({
      client: resendingWrites(documents, isWrite),
      tableName: TABLE,
      clock: () => clock.now(),
    });
    const request = newRunRequest();
    assert.equal((await resent.create(request)).created, true, 'the retried put found its own record');
    assert.equal((await store.create(request)).created, false, 'anyone else finds it created');
    const decided = await resent.decide(request.id, { kind: 'approved', by: 'U0APPROVER', at: clock.now() });
    assert.equal(decided.outcome, 'decided', 'the retried update found its own decision');
    const again = await store.decide(request.id, { kind: 'approved', by: 'U0APPROVER', at: clock.now() });
    assert.equal(again.outcome, 'already', 'a second click, even by the same approver at the same moment');
    const instance = instanceId();
    assert.equal((await resent.markSubmitted(request.id, instance)).outcome, 'submitted');
  });

  it('stores SQL at the limit on a real table, far below its 400 KB item', async () => {
    const request = newRunRequest({ sql: `select '${'é'.repeat(32_000)}'` });
    await store.create(request);
    assert.equal((await store.get(request.id))?.sql, request.sql);
  });
});

describe('DynamoDbRunRequestStore: SDK failures', () => {
  const decision = { kind: 'approved' as const, by: 'U1', at: T0 };

  it('maps throttling in every operation to a retryable store_unavailable', async () => {
    const error = sdkError('ThrottlingException', 'client', 400);
    const failing = failingDocuments(dynalite.endpoint, error);
    const store = new DynamoDbRunRequestStore({ client: failing, tableName: TABLE });
    const id = uniqueRunId();
    try {
      for (const call of [
        () => store.create(newRunRequest()),
        () => store.get(id),
        () => store.attachMessages(id, { cardTs: '1.2' }),
        () => store.decide(id, decision),
        () => store.markSubmitted(id, instanceId()),
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
    const store = new DynamoDbRunRequestStore({ client: documents, tableName: 'no-such-table' });
    await assert.rejects(store.create(newRunRequest()), { code: 'store_unavailable', retryable: false });
    await assert.rejects(store.decide(uniqueRunId(), decision), { code: 'store_unavailable', retryable: false });
  });
});
