import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { withoutSdkLogging } from '../../src/observability/without-sdk-logging.ts';
import { type RunningDynalite, startDynalite } from '../../src/store/embedded-dynalite.ts';

describe('withoutSdkLogging', () => {
  let dynalite: RunningDynalite;
  before(async () => {
    dynalite = await startDynalite();
  });
  after(() => dynalite.close());

  /** A client against the real local server whose logger keeps the per-call entries the SDK hands it. */
  function countingClient(): { client: DynamoDBClient; logged: unknown[] } {
    const logged: unknown[] = [];
    const record = (entry: unknown) => {
      if (typeof entry === 'object' && entry !== null && 'commandName' in entry) logged.push(entry);
    };
    const client = new DynamoDBClient({
      endpoint: dynalite.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      logger: { trace: record, debug: record, info: record, warn: record, error: record },
    });
    return { client, logged };
  }

  it('leaves a client that still answers and no longer builds a log entry per call', async () => {
    const plain = countingClient();
    await plain.client.send(new ListTablesCommand({}));
    // What the middleware costs: a redacted copy of input and output for every call.
    assert.equal(plain.logged.length, 1);
    assert.ok(JSON.stringify(plain.logged[0]).includes('TableNames'));

    const quiet = countingClient();
    const same = withoutSdkLogging(quiet.client);
    assert.equal(same, quiet.client);
    const answer = await quiet.client.send(new ListTablesCommand({}));
    assert.ok(Array.isArray(answer.TableNames));
    assert.deepEqual(quiet.logged, []);
  });
});
