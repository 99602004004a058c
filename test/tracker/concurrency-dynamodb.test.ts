import { describe, it } from 'node:test';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbInstanceStore } from '../../src/store/dynamodb-instance-store.ts';
import { useDynaliteTable } from '../support/dynalite.ts';
import { POLLERS, pollersRace } from '../support/tracker-load.ts';

/**
 * concurrency.test.ts's race on DynamoDbInstanceStore (dynalite): conditional UpdateItem claims
 * instead of the in-memory store's synchronous ones. dynalite serves about 175 conditional updates
 * a second, and 4 pollers make about 9 writes per instance, so the default count keeps the file
 * well under 20 s; TRACKER_LOAD_INSTANCES=1000 runs the full size (about a minute).
 */

const COUNT = Number(process.env.TRACKER_LOAD_INSTANCES ?? 200);
const TABLE = 'odps-chatops-load';

const { client } = await useDynaliteTable(TABLE);

describe(`${POLLERS} pollers at once over ${COUNT} tracked instances on DynamoDB`, () => {
  it('DynamoDbInstanceStore on dynalite: exactly one notice and one Instance Terminated event per instance', async () => {
    const store = new DynamoDbInstanceStore({ client: DynamoDBDocumentClient.from(client), tableName: TABLE });
    await pollersRace('DynamoDbInstanceStore (dynalite)', store, COUNT);
  });
});
