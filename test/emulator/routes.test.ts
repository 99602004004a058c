import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertXmlError } from './support/assertions.ts';
import { startHarness } from './support/harness.ts';
import { parseXmlBody, rawRequest } from './support/signed-client.ts';

/** Incidental requests, per-instance reads and the 404/405 edges of the router. */

const h = await startHarness({ defaultDurationMs: 1000 });
const instancePath = (id: string, query = '') => `/projects/${h.project}/instances/${id}${query}`;

describe('incidental requests', () => {
  test('GET /tenants is JSON, PUT /logs is 200 empty, the tunnel service names the /tunnel mount', async () => {
    const tenants = await h.get('/tenants');
    assert.deepEqual(JSON.parse(tenants.body), { Tenant: { Name: 'emulator', Parameters: {} } });
    const logs = await h.client.send('PUT', `/projects/${h.project}/logs`, {
      body: '{"odps.models.instance.Instance._open_result_reader": 1}',
      contentType: 'application/json',
    });
    assert.equal(logs.status, 200);
    assert.equal(logs.body, '');
    const tunnel = await h.get(`/projects/${h.project}/tunnel?service`);
    assert.equal(tunnel.status, 200);
    assert.equal(tunnel.body, `${h.emulator.url.replace('http://', '')}/tunnel`);
  });

  test('unknown resources are 404 NoSuchObject, wrong methods 405, outside the prefix too', async () => {
    assertXmlError(await h.get('/projects/emu_proj/resources'), 404, 'NoSuchObject');
    assertXmlError(await h.client.send('DELETE', `/projects/${h.project}/instances`), 405, 'MethodNotAllowed');
    assertXmlError(await h.client.send('GET', `/projects/${h.project}/authorization`), 405, 'MethodNotAllowed');
    const outside = await rawRequest(`${h.emulator.url}/projects/${h.project}/instances`, 'GET', {});
    assertXmlError(outside, 404, 'NoSuchObject');
  });
});

describe('per-instance reads', () => {
  test('?source returns root Job with what was submitted', async () => {
    const reply = await h.client.send('POST', `/projects/${h.project}/instances`, {
      contentType: 'application/xml',
      body: `<?xml version="1.0" encoding="utf-8"?>
<Instance><Job><Name>nightly &amp; co</Name><Comment>c</Comment><Priority>3</Priority><Guid>g-src</Guid>
<Tasks><SQL><Name>t1</Name><Config><Property><Name>settings</Name><Value>{"a": "b"}</Value></Property></Config>
<Query><![CDATA[select '<x>' as "]]]]><![CDATA[>";]]></Query></SQL></Tasks><DAG><RunMode>Sequence</RunMode></DAG></Job></Instance>`,
    });
    assert.equal(reply.status, 201, reply.body);
    const id = reply.headers.location?.split('/').pop() ?? '';
    const source = await h.get(instancePath(id, '?source'));
    const job = (parseXmlBody(source.body) as { Job: Record<string, unknown> }).Job;
    assert.equal(job.Name, 'nightly & co');
    assert.equal(job.Comment, 'c');
    assert.equal(job.Priority, '3');
    assert.equal(job.Guid, 'g-src');
    assert.equal(job.Owner, 'ALIYUN$developer@example.com');
    const sql = (job.Tasks as { SQL: { Name: string; Query: string } }).SQL;
    assert.equal(sql.Name, 't1');
    assert.equal(sql.Query, `select '<x>' as "]]>";`);
    assert.match(source.body, /<Value>\{"a": "b"\}<\/Value>/);
  });

  test('SQLCost tasks answer with a cost estimate instead of running the query', async () => {
    const reply = await h.client.send('POST', `/projects/${h.project}/instances`, {
      contentType: 'application/xml',
      body: '<Instance><Job><Priority>9</Priority><Tasks><SQLCost><Name>AnonymousSQLCostTask</Name><Query>select * from orders join t_users on orders.user_id = t_users.id;</Query></SQLCost></Tasks></Job></Instance>',
    });
    const id = reply.headers.location?.split('/').pop() ?? '';
    h.clock.advance(1000);
    const result = await h.get(instancePath(id, '?result'));
    const text = /<!\[CDATA\[(.*)\]\]>/.exec(result.body)?.[1] ?? '';
    const cost = JSON.parse(text) as { Cost: { SQL: { Input: number; UDF: number; Complexity: number } } };
    assert.ok(cost.Cost.SQL.Input > 0);
    assert.deepEqual([cost.Cost.SQL.UDF, cost.Cost.SQL.Complexity], [0, 1]);
    const summary = await h.get(instancePath(id, '?instancesummary&taskname=AnonymousSQLCostTask'));
    const json = JSON.parse((JSON.parse(summary.body) as { Instance: { JsonSummary: string } }).Instance.JsonSummary);
    assert.deepEqual(Object.keys(json.Inputs), [`${h.project}.orders`, `${h.project}.t_users`]);
    assert.match(result.body, /<Task Type="SQLCost">/);
  });

  test('summary and detail are JSON; unknown task names are 404, a missing taskname is 400', async () => {
    const id = await h.submit('select * from orders');
    h.clock.advance(1000);
    const summary = await h.get(instancePath(id, '?instancesummary&taskname=AnonymousSQLTask'));
    assert.equal(summary.headers['x-odps-task-finalized'], 'true');
    const parsed = JSON.parse(summary.body) as { Instance: { JsonSummary: string; Summary: string } };
    const json = JSON.parse(parsed.Instance.JsonSummary);
    assert.deepEqual(Object.keys(json.Inputs), [`${h.project}.orders`]);
    assert.match(parsed.Instance.Summary, /AnonymousSQLTask/);
    for (const action of ['detail', 'instancedetail']) {
      const detail = JSON.parse((await h.get(instancePath(id, `?${action}&taskname=AnonymousSQLTask`))).body);
      assert.deepEqual(
        detail.Stages.map((s: { Name: string }) => s.Name),
        ['M1_job_0', 'R2_1_job_0'],
      );
    }
    assertXmlError(await h.get(instancePath(id, '?instanceprogress=nope&taskname=nope')), 404, 'NoSuchObject');
    assertXmlError(await h.get(instancePath(id, '?instancesummary&taskname=nope')), 404, 'NoSuchObject');
    assertXmlError(await h.get(instancePath(id, '?instancesummary')), 400, 'ODPS-0420061');
    assertXmlError(await h.get(instancePath(id, '?cached')), 404, 'NoSuchObject');
  });

  test('a running instance has no EndTime, an empty text result and x-odps-task-finalized false', async () => {
    const id = await h.submit('select 1');
    const status = await h.get(instancePath(id));
    assert.equal(status.headers['x-odps-end-time'], undefined);
    assert.equal(status.headers['x-odps-owner'], 'ALIYUN$developer@example.com');
    assert.doesNotMatch((await h.get(instancePath(id, '?taskstatus'))).body, /EndTime/);
    assert.match((await h.get(instancePath(id, '?result'))).body, /<Result Format="text"><!\[CDATA\[\]\]><\/Result>/);
    const summary = await h.get(instancePath(id, '?instancesummary&taskname=AnonymousSQLTask'));
    assert.equal(summary.headers['x-odps-task-finalized'], 'false');
  });
});

describe('?instancestatus hold', () => {
  test('holds up to statusHoldMs while nothing changes, and answers as soon as the status changes', async () => {
    const held = await startHarness({ statusHoldMs: 300, defaultDurationMs: 1000 });
    const id = await held.submit('select 1');
    let start = performance.now();
    assert.match((await held.get(`/projects/${held.project}/instances/${id}?instancestatus`)).body, /Running/);
    assert.ok(performance.now() - start >= 280, 'held for statusHoldMs');
    start = performance.now();
    setTimeout(() => held.clock.advance(1000), 60);
    assert.match((await held.get(`/projects/${held.project}/instances/${id}?instancestatus`)).body, /Terminated/);
    assert.ok(performance.now() - start < 280, 'released early by the change');
    start = performance.now();
    await held.get(`/projects/${held.project}/instances/${id}`);
    assert.ok(performance.now() - start < 200, 'plain GET never holds');
  });
});
