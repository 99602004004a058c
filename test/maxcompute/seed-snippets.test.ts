import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { request } from 'undici';
import { MaxComputeInstanceFailedError } from '../../src/maxcompute/errors.ts';
import { quickly, TEST_PROJECT, useEmulator } from '../support/emulator.ts';

/**
 * Every snippet of the PyODPS task-instance page (seeds 000-002), in the client's words, against the
 * emulator over real HTTP.
 */
const { client, emulator } = await useEmulator();
const odps = client();

const STAGE_STRING =
  /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d ([A-Za-z0-9_]+:\d+\/\d+\/\d+(\(\+\d+ backups\))?\[\d{1,3}%\]\t)+$/;

describe('seed: basic operations', () => {
  it('list_instances() yields every instance; exist_instance() tells known from unknown', async () => {
    const a = await odps.runSql('select 1');
    const b = await odps.runSql('select 2');
    const ids: string[] = [];
    for await (const instance of odps.listInstances()) ids.push(instance.id);
    assert.ok(ids.includes(a.id) && ids.includes(b.id), JSON.stringify(ids));
    assert.equal(await odps.existInstance(a.id), true);
    assert.equal(await odps.existInstance('my_instance_id'), false);
  });

  it('stop_instance() and instance.stop() stop a running instance; a finished one is "already terminated"', async () => {
    const running = await odps.runSql('select * from pyodps_iris', { hints: { 'emulator.duration.ms': 60_000 } });
    assert.equal(await running.status(), 'Running');
    assert.deepEqual(await odps.stopInstance(running.id), { outcome: 'stop_requested' });
    await running.waitForCompletion(quickly);
    assert.deepEqual(
      (await running.getTaskStatuses()).tasks.map((task) => task.status),
      ['CANCELLED'],
    );
    const again = await running.stop();
    assert.equal(again.outcome, 'already_terminated');
  });
});

describe('seed: Logview links', () => {
  it("run_sql('desc pyodps_iris').get_logview_address() opens the instance's Logview", async () => {
    const instance = await odps.runSql('desc pyodps_iris');
    const link = await instance.getLogviewAddress();
    assert.match(
      link,
      new RegExp(`^${emulator.url}/logview/\\?h=${emulator.endpoint}&p=${TEST_PROJECT}&i=${instance.id}&token=.+`),
    );
    const page = await request(link);
    assert.equal(page.statusCode, 200);
    assert.ok((await page.body.text()).includes(instance.id));
  });

  it('get_instance(id).get_logview_address() works from an id alone, with the hours asked for', async () => {
    const { id } = await odps.runSql('select 1');
    const link = await odps.getInstance(id).getLogviewAddress({ hours: 1 });
    assert.ok(link.includes(`&i=${id}&token=`));
    assert.equal((await request(link)).statusCode, 200);
  });

  it("run_xflow('AppendID', 'algo_public', ...) then one Logview per get_xflow_sub_instances() entry", async () => {
    const xflow = await odps.runXflow('AppendID', 'algo_public', {
      inputTableName: 'pyodps_iris',
      outputTableName: 'iris_appended',
    });
    await xflow.waitForSuccess(quickly);
    const subs = await odps.getXflowSubInstances(xflow);
    assert.ok(subs.size >= 1);
    for (const [name, sub] of subs) {
      assert.ok(name.length > 0);
      assert.notEqual(sub.id, xflow.id);
      const link = await sub.getLogviewAddress();
      assert.ok(link.includes(`&i=${sub.id}&`));
      assert.equal((await request(link)).statusCode, 200);
    }
    const check = await odps.executeSql('select count(*) as n from iris_appended', quickly);
    assert.equal(await check.getTaskResult(), '"n"\n150\n');
  });
});

describe('seed: instance status', () => {
  it('status is Running, then Terminated; is_terminated and is_successful follow', async () => {
    const instance = await odps.runSql('select 1', { hints: { 'emulator.duration.ms': 400 } });
    assert.equal(await instance.status(), 'Running');
    assert.equal(await instance.isTerminated(), false);
    assert.equal(await instance.isSuccessful(), false);
    const info = await instance.waitForCompletion(quickly);
    assert.equal(info.status, 'Terminated');
    assert.ok(info.endTime instanceof Date && info.startTime instanceof Date);
    assert.equal(await instance.isTerminated(), true);
    assert.equal(await instance.isSuccessful(), true);
  });

  it('wait_for_success throws with the failing task message; is_successful is False', async () => {
    const instance = await odps.runSql('select fail from dual');
    await assert.rejects(instance.waitForSuccess(quickly), (error: unknown) => {
      assert.ok(error instanceof MaxComputeInstanceFailedError);
      assert.equal(error.instanceId, instance.id);
      assert.equal(error.taskName, 'AnonymousSQLTask');
      assert.equal(error.taskStatus, 'FAILED');
      assert.match(error.taskMessage, /^ODPS-\d{7}/);
      return true;
    });
    assert.equal(await instance.isTerminated(), true);
    assert.equal(await instance.isSuccessful(), false);
  });
});

describe('seed: sub-instance (task) operations', () => {
  it("get_task_names() is ['AnonymousSQLTask'] for SQL", async () => {
    const instance = await odps.executeSql('create table t_drop_me (a bigint)', quickly);
    assert.deepEqual(await instance.getTaskNames(), ['AnonymousSQLTask']);
  });

  it("execute_sql('select * from pyodps_iris limit 1'): get_task_result and get_task_results as documented", async () => {
    const instance = await odps.executeSql('select * from pyodps_iris limit 1', quickly);
    const expected = '"sepallength","sepalwidth","petallength","petalwidth","name"\n5.1,3.5,1.4,0.2,"Iris-setosa"\n';
    assert.equal(await instance.getTaskResult('AnonymousSQLTask'), expected);
    assert.deepEqual([...(await instance.getTaskResults())], [['AnonymousSQLTask', expected]]);
    const table = await instance.getResultTable();
    assert.deepEqual(table.columns, ['sepallength', 'sepalwidth', 'petallength', 'petalwidth', 'name']);
    assert.deepEqual(table.rows, [['5.1', '3.5', '1.4', '0.2', 'Iris-setosa']]);
  });

  it('get_task_progress() while running gives stages and the PyODPS stage string', async () => {
    const instance = await odps.runSql('select * from pyodps_iris', { hints: { 'emulator.duration.ms': 1500 } });
    const seen: string[] = [];
    while (!(await instance.isTerminated())) {
      for (const task of await instance.getTaskNames()) {
        const progress = await instance.getTaskProgress(task);
        assert.ok(progress.stages.length > 0);
        const line = await instance.getStageProgressString(task);
        assert.match(line, STAGE_STRING);
        seen.push(line);
      }
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    assert.ok(seen.length >= 2, `progress was read ${seen.length} times`);
    const percents = seen.map((line) => [...line.matchAll(/\[(\d+)%\]/g)].map((m) => Number(m[1])));
    const total = (values: number[] | undefined) => (values ?? []).reduce((sum, value) => sum + value, 0);
    assert.ok(total(percents.at(-1)) >= total(percents[0]), 'progress does not go backwards');
  });
});
