import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertXmlError } from './support/assertions.ts';
import { startHarness, taskResults } from './support/harness.ts';
import { parseXmlBody } from './support/signed-client.ts';

/**
 * Instance state follows the (injected) clock, never the number of requests.
 * See docs/maxcompute-protocol.md, "Reads do not drive state".
 */

const h = await startHarness({ defaultDurationMs: 1000 });
const instancePath = (id: string, query = '') => `/projects/${h.project}/instances/${id}${query}`;

async function taskStatus(id: string): Promise<string> {
  const doc = (await h.xml(id, 'taskstatus')) as { Instance: { Tasks: { Task: { Status: string }[] } }[] };
  return doc.Instance[0]?.Tasks.Task[0]?.Status ?? '';
}

async function resultOf(id: string) {
  const result = taskResults(await h.xml(id, 'result')).get('AnonymousSQLTask');
  assert.ok(result !== undefined);
  return result;
}

type Stage = Record<string, string>;
async function stages(id: string): Promise<Stage[]> {
  const reply = await h.get(instancePath(id, '?instanceprogress=AnonymousSQLTask&taskname=AnonymousSQLTask'));
  assert.equal(reply.status, 200, reply.body);
  const doc = parseXmlBody(reply.body) as { Progress: { Stage?: Stage[] } | '' };
  return doc.Progress === '' ? [] : (doc.Progress.Stage ?? []);
}

describe('lifecycle by clock', () => {
  test('Running until start + duration, then Terminated, with no requests in between', async () => {
    const id = await h.submit('select 1 as one');
    const created = h.clock.now;
    assert.equal(await h.status(id), 'Running');
    assert.equal(await taskStatus(id), 'Running');
    h.clock.advance(999);
    assert.equal(await h.status(id), 'Running');
    h.emulator.resetStats();
    h.clock.advance(1);
    const reply = await h.get(instancePath(id));
    assert.match(reply.body, /<Status>Terminated<\/Status>/);
    assert.equal(reply.headers['x-odps-end-time'], new Date(created + 1000).toUTCString());
    assert.deepEqual(h.emulator.stats(), { requests: 1, byKind: { 'GET instance': 1 } });
    assert.equal(await taskStatus(id), 'Success');
    assert.equal((await resultOf(id)).text, '"one"\n1\n');
  });

  test('progress advances with the clock and every integer child is present', async () => {
    const id = await h.submit('select count(*) from pyodps_iris');
    const seen: number[][] = [];
    let backups = 0;
    for (let step = 0; step <= 20; step++) {
      const now = await stages(id);
      assert.equal(now.length, 2);
      assert.deepEqual(
        now.map((s) => s['@ID']),
        ['M1_job_0', 'R2_1_job_0'],
      );
      seen.push(now.map((s) => Number(s.FinishedPercentage)));
      backups += now.reduce((sum, s) => sum + Number(s.BackupWorkers), 0);
      for (const s of now) {
        assert.equal(Number(s.RunningWorkers) + Number(s.TerminatedWorkers) <= Number(s.TotalWorkers), true);
      }
      h.clock.advance(50);
    }
    for (let i = 1; i < seen.length; i++) {
      for (let s = 0; s < 2; s++) assert.ok((seen[i]?.[s] ?? 0) >= (seen[i - 1]?.[s] ?? 0), JSON.stringify(seen));
    }
    assert.deepEqual(seen[0], [0, 0]);
    assert.deepEqual(seen.at(-1), [100, 100]);
    assert.ok(
      seen.some(([m, r]) => m === 100 && (r ?? 0) < 100),
      'the map stage finishes before the reduce stage',
    );
    const totals = (await stages(id)).map((s) => Number(s.TotalWorkers));
    if (totals.some((t) => t >= 2)) assert.ok(backups > 0, 'backup workers show up mid-run');
  });

  test('a join gets a join stage', async () => {
    const id = await h.submit('select * from orders o join t_users u on o.user_id = u.id');
    assert.deepEqual(
      (await stages(id)).map((s) => s['@ID']),
      ['M1_job_0', 'M2_job_0', 'J3_1_2_job_0'],
    );
  });

  test('emulator.suspended.ms: Suspended first, then Running, then Terminated', async () => {
    const id = await h.submit('select 2', {
      settings: { 'emulator.suspended.ms': '500', 'emulator.duration.ms': '1000' },
    });
    assert.equal(await h.status(id), 'Suspended');
    assert.equal(await taskStatus(id), 'Suspended');
    assert.ok((await stages(id)).every((s) => s.Status === 'Suspended'));
    h.clock.advance(500);
    assert.equal(await h.status(id), 'Running');
    assert.equal(await taskStatus(id), 'Running');
    h.clock.advance(999);
    assert.equal(await h.status(id), 'Running');
    h.clock.advance(1);
    assert.equal(await h.status(id), 'Terminated');
    assert.equal(await taskStatus(id), 'Success');
  });

  test('emulator.fail: the task fails with the given text, ODPS-0130071 added when there is no code', async () => {
    const plain = await h.submit('select 3', { settings: { 'emulator.fail': 'disk on fire' } });
    const coded = await h.submit('select 3', { settings: { 'emulator.fail': 'ODPS-0123055:Script exception - x' } });
    h.clock.advance(1000);
    assert.equal(await taskStatus(plain), 'Failed');
    assert.deepEqual(await resultOf(plain), { format: 'text', text: 'ODPS-0130071:disk on fire', status: 'Failed' });
    assert.equal((await resultOf(coded)).text, 'ODPS-0123055:Script exception - x');
  });

  test('set k=v; statements at the head of the SQL are hints too', async () => {
    const id = await h.submit('set emulator.duration.ms=5000;\nset odps.sql.allow.fullscan=true;\nselect 4 as four;');
    h.clock.advance(4999);
    assert.equal(await h.status(id), 'Running');
    h.clock.advance(1);
    assert.equal((await resultOf(id)).text, '"four"\n4\n');
  });

  test('sleep(N) in the SQL makes the instance run at least N seconds, and succeeds', async () => {
    const id = await h.submit('select sleep(30)');
    h.clock.advance(29_999);
    assert.equal(await h.status(id), 'Running');
    h.clock.advance(1);
    assert.equal(await taskStatus(id), 'Success');
  });

  test('bad SQL fails with MaxCompute codes and no stages', async () => {
    const parse = await h.submit('selec 1');
    const missing = await h.submit('select * from no_such_table');
    const column = await h.submit('select\n  nope\nfrom pyodps_iris');
    h.clock.advance(1000);
    assert.equal(await taskStatus(parse), 'Failed');
    assert.match((await resultOf(parse)).text, /^ODPS-0130161:\[1,1\] Parse exception - syntax error/);
    assert.match((await resultOf(missing)).text, /^ODPS-0130131:\[1,15\] Table not found - .*no_such_table/);
    assert.match((await resultOf(column)).text, /^ODPS-0130071:\[2,3\] Semantic analysis exception - .*nope/);
    assert.deepEqual(await stages(parse), []);
  });

  test('an instance due earlier runs first, even if nobody polled it', async () => {
    const table = await h.submit('create table ordered_t (answer bigint)');
    h.clock.advance(1000);
    assert.equal(await taskStatus(table), 'Success');
    const writer = await h.submit('insert into ordered_t values (42)');
    h.clock.advance(10);
    const reader = await h.submit('select answer from ordered_t');
    h.clock.advance(1000);
    assert.equal((await resultOf(reader)).text, '"answer"\n42\n');
    assert.equal(await taskStatus(writer), 'Success');
  });
});

describe('stop', () => {
  test('stopping a running instance terminates it at once, tasks Cancelled, SQL never runs', async () => {
    const id = await h.submit('create table never_made as select 1 as x');
    h.clock.advance(300);
    const stop = await h.client.send('PUT', instancePath(id), {
      body: '<?xml version="1.0" encoding="utf-8"?>\n<Instance>\n  <Status>Terminated</Status>\n</Instance>\n',
      contentType: 'application/xml',
    });
    assert.equal(stop.status, 200);
    assert.equal(stop.body, '');
    const reply = await h.get(instancePath(id));
    assert.match(reply.body, /Terminated/);
    assert.equal(reply.headers['x-odps-end-time'], new Date(h.clock.now).toUTCString());
    assert.equal(await taskStatus(id), 'Cancelled');
    assert.ok((await stages(id)).some((s) => s.Status === 'Cancelled'));
    h.clock.advance(5000);
    const check = await h.submit('select * from never_made');
    h.clock.advance(1000);
    assert.match((await resultOf(check)).text, /^ODPS-0130131:/);
  });

  test('stopping twice is 409 InvalidStateSetting; an unknown id is 404 NoSuchObject', async () => {
    const id = await h.submit('select 5');
    const body = '<Instance><Status>Terminated</Status></Instance>';
    const put = (target: string) =>
      h.client.send('PUT', instancePath(target), { body, contentType: 'application/xml' });
    assert.equal((await put(id)).status, 200);
    const { message } = assertXmlError(await put(id), 409, 'InvalidStateSetting');
    assert.equal(message, 'The instance is not running, cannot be stopped');
    const missing = assertXmlError(await put('20000101000000000gnotthere'), 404, 'NoSuchObject');
    assert.equal(missing.message, 'Instance not found: 20000101000000000gnotthere');
    assertXmlError(
      await h.client.send('PUT', instancePath(id), { body: '<Instance>', contentType: 'application/xml' }),
      400,
      'ODPS-0420031',
    );
  });
});

describe('create', () => {
  test('the same Job Guid returns the same instance, never a second one', async () => {
    const first = await h.submit('select 6', { guid: 'guid-abc-1' });
    const again = await h.submit('select 6', { guid: 'guid-abc-1' });
    const other = await h.submit('select 6', { guid: 'guid-abc-2' });
    assert.equal(again, first);
    assert.notEqual(other, first);
    const list = await h.get(`/projects/${h.project}/instances`);
    assert.equal(list.body.split(`<Name>${first}</Name>`).length, 2);
  });

  test('ids are 17 digits, g and 8 [a-z0-9]; Location points at the endpoint', async () => {
    const reply = await h.client.send('POST', `/projects/${h.project}/instances`, {
      body: '<Instance><Job><Priority>3</Priority><Tasks><SQLRT><Name>rt</Name><Query>select 1</Query></SQLRT></Tasks></Job></Instance>',
      contentType: 'application/xml',
    });
    assert.equal(reply.status, 201);
    const location = reply.headers.location ?? '';
    assert.match(location, new RegExp(`^${h.emulator.endpoint}/projects/${h.project}/instances/\\d{17}g[a-z0-9]{8}$`));
  });

  test('malformed XML is 400 ODPS-0420031 and creates nothing', async () => {
    const before = (await h.get(`/projects/${h.project}/instances`)).body;
    const reply = await h.client.send('POST', `/projects/${h.project}/instances`, {
      body: '<Instance><Job><Tasks><SQL>',
      contentType: 'application/xml',
    });
    assertXmlError(reply, 400, 'ODPS-0420031');
    assert.equal((await h.get(`/projects/${h.project}/instances`)).body, before);
  });
});
