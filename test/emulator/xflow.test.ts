import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertXmlError } from './support/assertions.ts';
import { startHarness, taskResults } from './support/harness.ts';
import { parseXmlBody } from './support/signed-client.ts';

/** XFlow: AppendID and Split run as real SQL sub-instances. */

const h = await startHarness({ defaultDurationMs: 1000 });

function xflowXml(name: string, parameters: Record<string, string>, settings?: Record<string, string>): string {
  const params = Object.entries(parameters)
    .map(([key, value]) => `<Parameter><Key>${key}</Key><Value>${value}</Value></Parameter>`)
    .join('');
  const config =
    settings === undefined
      ? ''
      : `<Config><Property><Name>settings</Name><Value>${JSON.stringify(settings)}</Value></Property></Config>`;
  return `<?xml version="1.0" encoding="utf-8"?>
<Instance><XflowInstance><Project>algo_public</Project><Xflow>${name}</Xflow><Parameters>${params}</Parameters>${config}</XflowInstance></Instance>`;
}

async function runXflow(name: string, parameters: Record<string, string>, settings?: Record<string, string>) {
  const reply = await h.client.send('POST', `/projects/${h.project}/instances`, {
    body: xflowXml(name, parameters, settings),
    contentType: 'application/xml',
  });
  assert.equal(reply.status, 201, reply.body);
  return (reply.headers.location ?? '').split('/').pop() ?? '';
}

interface Action {
  '@NodeType': string;
  Name: string;
  InstanceId: string;
  Result: string | { '#text': string; '@Format': string };
}
async function actions(id: string): Promise<Action[]> {
  const doc = (await h.xml(id, 'xresult')) as { Xinstance: { Actions: { Action?: Action[] } | '' } };
  return doc.Xinstance.Actions === '' ? [] : (doc.Xinstance.Actions.Action ?? []);
}

async function query(sql: string): Promise<string> {
  const id = await h.submit(sql);
  h.clock.advance(1000);
  const result = taskResults(await h.xml(id, 'result')).get('AnonymousSQLTask');
  assert.equal(result?.status, 'Success', result?.text);
  return result?.text ?? '';
}

async function taskStatus(id: string): Promise<string> {
  const doc = (await h.xml(id, 'taskstatus')) as { Instance: { Tasks: { Task: { Status: string }[] } }[] };
  return doc.Instance[0]?.Tasks.Task[0]?.Status ?? '';
}

describe('XFlow', () => {
  test('AppendID: one sub-instance, running with the parent, producing the output table', async () => {
    const parent = await runXflow('AppendID', {
      inputTableName: `${h.project}.pyodps_iris`,
      outputTableName: `${h.project}.iris_with_id`,
      IDColName: 'row_id',
    });
    const running = await actions(parent);
    assert.deepEqual(
      running.map((a) => [a['@NodeType'], a.Name]),
      [
        ['Instance', 'appendid'],
        ['Local', 'cleanup'],
      ],
    );
    const sub = running[0]?.InstanceId ?? '';
    assert.match(sub, /^\d{17}g[a-z0-9]{8}$/);
    assert.equal(running[1]?.InstanceId, '');
    assert.equal(await h.status(parent), 'Running');
    assert.equal(await h.status(sub), 'Running');
    const listed = await h.get(`/projects/${h.project}/instances?status=Running`);
    assert.ok(listed.body.includes(sub) && listed.body.includes(parent));
    const source = await h.get(`/projects/${h.project}/instances/${sub}?source`);
    assert.match(source.body, /CREATE TABLE "emu_proj"."iris_with_id"/);

    h.clock.advance(1000);
    assert.equal(await h.status(parent), 'Terminated');
    assert.equal(await taskStatus(parent), 'Success');
    assert.equal(await taskStatus(sub), 'Success');
    const done = await actions(parent);
    assert.deepEqual(done[0]?.Result, { '#text': 'OK', '@Format': 'text' });
    const csv = await query('select min(row_id), max(row_id), count(*) from iris_with_id');
    assert.equal(csv.split('\n')[1], '0,149,150');
    const first = await query('select row_id, sepallength, name from iris_with_id order by row_id limit 2');
    assert.equal(first, '"row_id","sepallength","name"\n0,5.1,"Iris-setosa"\n1,4.9,"Iris-setosa"\n');
  });

  test('Split: two sub-instances whose outputs partition the input', async () => {
    const parent = await runXflow('Split', {
      inputTableName: 'iris_with_id',
      output1TableName: `${h.project}.iris_train`,
      output2TableName: 'iris_test',
      fraction: '0.6',
      seed: '7',
    });
    const steps = await actions(parent);
    assert.deepEqual(
      steps.filter((a) => a['@NodeType'] === 'Instance').map((a) => a.Name),
      ['split_output1', 'split_output2'],
    );
    h.clock.advance(1000);
    assert.equal(await taskStatus(parent), 'Success');
    const counts = await query(
      'select (select count(*) from iris_train) as train, (select count(*) from iris_test) as test, ' +
        '(select count(*) from iris_train t join iris_test s on t.row_id = s.row_id) as overlap',
    );
    const [train = 0, testRows = 0, overlap = -1] = (counts.split('\n')[1] ?? '').split(',').map(Number);
    assert.equal(train + testRows, 150);
    assert.equal(overlap, 0);
    assert.ok(train > 60 && train < 120, `train=${train}`);
  });

  test('?xsource returns the submitted XflowInstance; SQL instances have none', async () => {
    const parent = await runXflow('AppendID', { inputTableName: 'orders', outputTableName: 'orders_ids' }, { k: 'v' });
    const reply = await h.get(`/projects/${h.project}/instances/${parent}?xsource`);
    const doc = parseXmlBody(reply.body) as { Instance: { XflowInstance: Record<string, unknown> }[] };
    const xflow = doc.Instance[0]?.XflowInstance;
    assert.equal(xflow?.Project, 'algo_public');
    assert.equal(xflow?.Xflow, 'AppendID');
    assert.match(reply.body, /<Key>outputTableName<\/Key>\s*<Value>orders_ids<\/Value>/);
    assert.match(reply.body, /<Name>settings<\/Name>/);
    const sql = await h.submit('select 1');
    assertXmlError(await h.get(`/projects/${h.project}/instances/${sql}?xsource`), 404, 'NoSuchObject');
    assertXmlError(await h.get(`/projects/${h.project}/instances/${sql}?xresult`), 404, 'NoSuchObject');
  });

  test('an algorithm that is not emulated is created, then fails with ODPS-1220101', async () => {
    const parent = await runXflow('LogisticRegression', { inputTableName: 'pyodps_iris', labelColName: 'name' });
    assert.deepEqual(await actions(parent), []);
    assert.equal(await h.status(parent), 'Running');
    h.clock.advance(1000);
    const result = taskResults(await h.xml(parent, 'result')).get('LogisticRegression');
    assert.equal(result?.status, 'Failed');
    assert.match(result?.text ?? '', /^ODPS-1220101:XFlow not found - algo_public\.LogisticRegression/);
  });

  test('missing parameters fail with ODPS-1220102; a missing input table fails the sub-instance and the parent', async () => {
    const bad = await runXflow('Split', { inputTableName: 'pyodps_iris', output1TableName: 'a' });
    const noInput = await runXflow('AppendID', { inputTableName: 'nope_table', outputTableName: 'nope_out' });
    h.clock.advance(1000);
    assert.match(taskResults(await h.xml(bad, 'result')).get('Split')?.text ?? '', /^ODPS-1220102:.*output2TableName/);
    const failed = taskResults(await h.xml(noInput, 'result')).get('AppendID');
    assert.equal(failed?.status, 'Failed');
    assert.match(failed?.text ?? '', /^ODPS-0130131:/);
  });

  test('stopping the parent cancels its running sub-instances', async () => {
    const parent = await runXflow('AppendID', { inputTableName: 'orders', outputTableName: 'orders_stopped' });
    const sub = (await actions(parent))[0]?.InstanceId ?? '';
    const stop = await h.client.send('PUT', `/projects/${h.project}/instances/${parent}`, {
      body: '<Instance><Status>Terminated</Status></Instance>',
      contentType: 'application/xml',
    });
    assert.equal(stop.status, 200);
    assert.equal(await taskStatus(parent), 'Cancelled');
    assert.equal(await taskStatus(sub), 'Cancelled');
    h.clock.advance(2000);
    const check = await h.submit('select * from orders_stopped');
    h.clock.advance(1000);
    assert.match(taskResults(await h.xml(check, 'result')).get('AnonymousSQLTask')?.text ?? '', /^ODPS-0130131:/);
  });
});
