import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbInstanceStore } from '../../src/store/dynamodb-instance-store.ts';
import type { Poller } from '../../src/tracker/poller.ts';
import { useDynaliteTable } from '../support/dynalite.ts';
import { useFrontDoor } from '../support/front-door.ts';
import { POLLER_TABLE_GRANTS } from '../support/poller-grants.ts';
import { buildPoller } from '../support/tracker-harness.ts';
import { waitFor } from '../support/wait-for.ts';

/**
 * What the poller asks of DynamoDB, recorded on a real table (dynalite) while it follows instances
 * through every path it has: a notice, a status change redrawn on the card, an instance given up
 * on past the age limit. The poller's role grants exactly what this records (POLLER_TABLE_GRANTS,
 * compared with the packaged template by test/infra/serverless-package.test.ts): a read the role
 * lacks would fail every notice on AWS while every local test passed.
 */
const TABLE = 'odps-chatops-grants';
const { client } = await useDynaliteTable(TABLE);

const recorded = new Set<string>();
let recording = false;
client.middlewareStack.add(
  (next, context) => async (args) => {
    if (recording) {
      const input = args.input as { IndexName?: string };
      recorded.add(`${context.commandName}${input.IndexName ? ` on index ${input.IndexName}` : ''}`);
    }
    return next(args);
  },
  { step: 'initialize', name: 'recordPollerCalls' },
);
const store = new DynamoDbInstanceStore({ client: DynamoDBDocumentClient.from(client), tableName: TABLE });
const door = await useFrontDoor({ store, emulator: { defaultDurationMs: 200 } });

/** Only the poller's own calls: the front door and the worker use the table too. */
async function asPoller(poller: Poller = door.poller): Promise<void> {
  recording = true;
  try {
    await poller.tick();
  } finally {
    recording = false;
  }
}

async function untilUntracked(id: string, poller?: Poller): Promise<void> {
  await waitFor(
    async () => {
      await asPoller(poller);
      for await (const each of store.listActive()) if (each.instanceId === id) return undefined;
      return true;
    },
    { describe: () => `${id} still tracked` },
  );
}

/** The SDK command a grant covers. */
const COMMAND_OF: Record<string, string> = {
  'dynamodb:GetItem on GetAtt:InstanceTable.Arn': 'GetItemCommand',
  'dynamodb:UpdateItem on GetAtt:InstanceTable.Arn': 'UpdateItemCommand',
  'dynamodb:Query on Sub:${InstanceTable.Arn}/index/active': 'QueryCommand on index active',
};

describe('the DynamoDB calls of the poller', () => {
  it('are the ones its role grants: no more, and none granted that it never makes', async () => {
    // A notice.
    await untilUntracked(await door.run('select 1'));
    // A status change redrawn on the card (the card is read by key before it is redrawn).
    const suspended = await door.run('--hint emulator.suspended.ms=600 --hint emulator.duration.ms=100 select 2');
    await asPoller();
    await sleep(700);
    await untilUntracked(suspended);
    // Past the age limit: the last notice of an instance still running.
    const long = await door.run('--hint emulator.duration.ms=60000 select 3');
    await sleep(150);
    await untilUntracked(long, buildPoller(door, { options: { maxAgeMs: 100 } }));
    const expected = POLLER_TABLE_GRANTS.map((grant) => COMMAND_OF[grant]);
    assert.deepEqual([...recorded].sort(), [...expected].sort());
  });
});
