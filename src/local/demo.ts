import { parseArgs } from 'node:util';
import { DEMO_ACCOUNT, startEmulator } from '../emulator/index.ts';
import { MaxComputeClient } from '../maxcompute/client.ts';
import type { Instance } from '../maxcompute/instance.ts';
import { systemClock } from '../shared/clock.ts';

/**
 * `npm start`: the embedded MaxCompute emulator plus a short scripted tour of the client, the
 * PyODPS task-instance page acted out. The emulator keeps running afterwards so the printed
 * Logview links open; `--exit` ends the process when the tour is done.
 */

const PROJECT = 'odps_demo';

const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.EMULATOR_PORT ?? '0' },
    exit: { type: 'boolean', default: false },
  },
});

const emulator = await startEmulator({ port: Number(args.port), projects: [PROJECT], defaultDurationMs: 4000 });
const client = new MaxComputeClient({ endpoint: emulator.endpoint, project: PROJECT, credentials: DEMO_ACCOUNT });
const say = (line = '') => process.stdout.write(`${line}\n`);

say(`MaxCompute emulator: ${emulator.endpoint} (project ${PROJECT}, access id ${DEMO_ACCOUNT.accessId})`);
say();

try {
  await runAndWatch(client, 'select name, count(*) as n, avg(petallength) as avg_petal from pyodps_iris group by name');
  await stopRunaway(client);
  await xflowWithLogviews(client);
  say('$ list_instances()');
  for await (const summary of client.listInstances()) say(`  ${summary.id}  ${summary.status}  ${summary.owner ?? ''}`);
  say();
} catch (error) {
  process.exitCode = 1;
  say(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
}

if (args.exit || process.exitCode) {
  await emulator.close();
} else {
  say(`The emulator keeps running at ${emulator.url} so the Logview links above open. Ctrl-C stops it.`);
  const stop = () => void emulator.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

async function runAndWatch(odps: MaxComputeClient, sql: string): Promise<void> {
  say(`$ run_sql(${JSON.stringify(sql)})`);
  const instance = await odps.runSql(sql);
  say(`  instance ${instance.id}`);
  while (!(await instance.isTerminated())) {
    for (const task of await instance.getTaskNames()) {
      say(`  ${instance.id} ${await instance.getStageProgressString(task)}`);
    }
    await systemClock.sleep(1000);
  }
  say(`  status: ${await instance.status()}  is_successful: ${await instance.isSuccessful()}`);
  say(`  task names: ${JSON.stringify(await instance.getTaskNames())}`);
  const table = await instance.getResultTable();
  say(`  ${table.columns.join(' | ')}`);
  for (const row of table.rows) say(`  ${row.map((cell) => cell ?? 'NULL').join(' | ')}`);
  say(`  logview: ${await instance.getLogviewAddress()}`);
  say();
}

async function stopRunaway(odps: MaxComputeClient): Promise<void> {
  say('$ run_sql(a query that would run for 10 minutes), then stop_instance()');
  const instance = await odps.runSql('select * from pyodps_iris', { hints: { 'emulator.duration.ms': 600_000 } });
  say(`  ${instance.id}: ${await instance.status()}`);
  say(`  stop: ${(await odps.stopInstance(instance.id)).outcome}`);
  say(`  ${instance.id}: ${await instance.status()}, tasks ${JSON.stringify(await taskStatuses(instance))}`);
  say(`  stop again: ${(await instance.stop()).outcome}`);
  say();
}

async function xflowWithLogviews(odps: MaxComputeClient): Promise<void> {
  say("$ run_xflow('AppendID', 'algo_public', {inputTableName: 'pyodps_iris', outputTableName: 'iris_with_id'})");
  const instance = await odps.runXflow('AppendID', 'algo_public', {
    inputTableName: 'pyodps_iris',
    outputTableName: 'iris_with_id',
  });
  await instance.waitForSuccess({ intervalMs: 500 });
  for (const [name, sub] of await odps.getXflowSubInstances(instance)) {
    say(`  ${name}: ${await sub.getLogviewAddress()}`);
  }
  const check = await odps.executeSql('select append_id, name from iris_with_id order by append_id limit 3', {
    hints: { 'emulator.duration.ms': 0 },
  });
  say(`  ${(await check.getTaskResult()).trim().replaceAll('\n', '\n  ')}`);
  say();
}

async function taskStatuses(instance: Instance): Promise<Record<string, string>> {
  const statuses = await instance.getTaskStatuses();
  return Object.fromEntries(statuses.tasks.map((task) => [task.name, task.status]));
}
