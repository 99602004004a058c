import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { after } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbInstanceStore } from '../../src/store/dynamodb-instance-store.ts';
import { createInstanceTable } from '../../src/store/dynamodb-table.ts';
import { localDynamoDbClient } from '../support/dynalite.ts';
import { freePort } from '../support/free-port.ts';
import { instanceStoreContract } from './instance-store-contract.ts';

/**
 * The shared InstanceStore contract on moto's DynamoDB (a second, independent DynamoDB emulation
 * beside dynalite), when `moto_server` is installed. Without it this file registers nothing and
 * says so in one line: the contract still runs on dynalite (dynamodb-instance-store.test.ts).
 */

const TABLE = 'odps-chatops-instances';

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

async function startMoto(): Promise<{ endpoint: string; close: () => Promise<void> }> {
  const port = await freePort();
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto_server exited with ${child.exitCode} before answering`);
    try {
      const response = await fetch(endpoint, { signal: AbortSignal.timeout(1000) });
      await response.arrayBuffer();
      break;
    } catch (error) {
      if (Date.now() > deadline) {
        await stop(child);
        throw new Error(`moto_server did not answer on ${endpoint} within 30 s`, { cause: error });
      }
      await sleep(100);
    }
  }
  return { endpoint, close: () => stop(child) };
}

const probe = spawnSync('moto_server', ['--help'], { stdio: 'ignore', timeout: 30_000 });
if (probe.error !== undefined || probe.status !== 0) {
  console.log('moto_server was not found on PATH: the InstanceStore contract on moto is not run');
} else {
  const moto = await startMoto();
  const client = localDynamoDbClient(moto.endpoint);
  after(async () => {
    client.destroy();
    await moto.close();
  });
  await createInstanceTable(client, TABLE, { pollIntervalMs: 50 });
  const documents = DynamoDBDocumentClient.from(client);
  instanceStoreContract(
    'DynamoDbInstanceStore on moto',
    (options) => new DynamoDbInstanceStore({ client: documents, tableName: TABLE, ...options }),
    // moto serves requests on threads without serializing conditional writes per item.
    { linearizable: false },
  );
}
