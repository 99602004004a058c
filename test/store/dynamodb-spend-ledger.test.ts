import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDbSpendLedger } from '../../src/store/dynamodb-spend-ledger.ts';
import { StoreError, StoreErrorCode } from '../../src/store/store-errors.ts';
import { useDynaliteTable } from '../support/dynalite.ts';
import { ManualClock } from '../support/manual-clock.ts';
import { T0, uniqueRunId } from './cost-guard-support.ts';
import { failingDocuments, resendingWrites, sdkError } from './sdk-failures.ts';
import { spendLedgerContract } from './spend-ledger-contract.ts';

const TABLE = 'odps-chatops-instances';
const { dynalite, client } = await useDynaliteTable(TABLE);
const documents = DynamoDBDocumentClient.from(client);

spendLedgerContract(
  'DynamoDbSpendLedger',
  (options) => new DynamoDbSpendLedger({ client: documents, tableName: TABLE, ...options }),
);

function uniqueChannel(): string {
  return `C${uniqueRunId().slice(-10).toUpperCase()}`;
}

describe('DynamoDbSpendLedger: item layout', () => {
  const clock = new ManualClock(T0);
  const ledger = new DynamoDbSpendLedger({ client: documents, tableName: TABLE, clock: () => clock.now() });

  it('keeps a scope’s day under spend#<scope>#<id>#<day>: the total, the run ids as a set, the TTL', async () => {
    const scopeId = uniqueChannel();
    const [first, second] = [uniqueRunId(), uniqueRunId()];
    await ledger.add({ scope: 'channel', scopeId, day: '2024-03-15', runId: first, amount: 1.5 });
    await ledger.add({ scope: 'channel', scopeId, day: '2024-03-15', runId: second, amount: 2.25 });
    const { Item } = await documents.send(
      new GetCommand({
        TableName: TABLE,
        Key: { pk: `spend#channel#${scopeId}#2024-03-15`, sk: 'spend' },
        ConsistentRead: true,
      }),
    );
    assert.deepEqual(Item, {
      pk: `spend#channel#${scopeId}#2024-03-15`,
      sk: 'spend',
      total: 3.75,
      runIds: new Set([first, second]),
      // Two days after the day's UTC start (its end in every time zone), then three days more, in seconds.
      expiresAt: Date.UTC(2024, 2, 17) / 1000 + 3 * 24 * 3600,
    });
  });

  it('adds as decimals: 0.1 + 0.2 is 0.3 on the table', async () => {
    const key = { scope: 'user' as const, scopeId: uniqueChannel(), day: '2024-03-15' };
    await ledger.add({ ...key, runId: uniqueRunId(), amount: 0.1 });
    assert.deepEqual(await ledger.add({ ...key, runId: uniqueRunId(), amount: 0.2 }), { total: 0.3, added: true });
  });

  it('counts an add whose answer was lost and sent again once', async () => {
    const resent = new DynamoDbSpendLedger({
      client: resendingWrites(documents, (command) => command instanceof UpdateCommand),
      tableName: TABLE,
      clock: () => clock.now(),
    });
    const key = { scope: 'user' as const, scopeId: uniqueChannel(), day: '2024-03-15' };
    // The caller hears `added: false` (the resent add found its run counted); the total is right.
    assert.deepEqual(await resent.add({ ...key, runId: uniqueRunId(), amount: 4 }), { total: 4, added: false });
    assert.equal(await ledger.total(key), 4);
  });
});

describe('DynamoDbSpendLedger: SDK failures', () => {
  it('maps throttling to a retryable store_unavailable, and a missing table to one that is not', async () => {
    const error = sdkError('ProvisionedThroughputExceededException', 'client', 400);
    const failing = failingDocuments(dynalite.endpoint, error);
    const throttled = new DynamoDbSpendLedger({ client: failing, tableName: TABLE });
    const entry = { scope: 'user' as const, scopeId: 'U1', day: '2099-01-01', runId: uniqueRunId(), amount: 1 };
    try {
      for (const call of [() => throttled.add(entry), () => throttled.total(entry)]) {
        await assert.rejects(call(), (thrown: unknown) => {
          assert.ok(thrown instanceof StoreError);
          assert.equal(thrown.code, StoreErrorCode.Unavailable);
          assert.equal(thrown.retryable, true);
          return true;
        });
      }
    } finally {
      failing.destroy();
    }
    const missing = new DynamoDbSpendLedger({ client: documents, tableName: 'no-such-table' });
    await assert.rejects(missing.add(entry), { code: 'store_unavailable', retryable: false });
  });
});
