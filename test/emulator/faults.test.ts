import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { XMLValidator } from 'fast-xml-parser';
import { assertXmlError } from './support/assertions.ts';
import { sqlJobXml, startHarness } from './support/harness.ts';
import { parseXmlBody, rawRequest } from './support/signed-client.ts';

/** Fault injection on API routes, programmatic and over the admin HTTP surface. */

const h = await startHarness();
afterEach(() => h.emulator.faults.reset());

const create = () =>
  h.client.send('POST', `/projects/${h.project}/instances`, {
    body: sqlJobXml('select 1'),
    contentType: 'application/xml',
  });

async function instanceCount(): Promise<number> {
  const doc = parseXmlBody((await h.get(`/projects/${h.project}/instances`)).body) as {
    Instances: { Instance?: unknown[] };
  };
  return doc.Instances.Instance?.length ?? 0;
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await work();
  return { value, ms: performance.now() - start };
}

describe('faults', () => {
  test('errorRate: 503 ServiceUnavailable or 500 InternalServerError, request not processed', async () => {
    const before = await instanceCount();
    h.emulator.faults.set({ errorRate: 1 });
    const codes = new Set<string>();
    for (let i = 0; i < 40 && codes.size < 2; i++) {
      const reply = await create();
      const code = reply.status === 503 ? 'ServiceUnavailable' : 'InternalServerError';
      assertXmlError(reply, reply.status, code);
      codes.add(code);
    }
    assert.equal(codes.size, 2, 'both kinds show up');
    h.emulator.faults.reset();
    assert.equal(await instanceCount(), before);
  });

  test('dropRate: the socket is destroyed without a reply, request not processed', async () => {
    const before = await instanceCount();
    h.emulator.faults.set({ dropRate: 1 });
    await assert.rejects(create());
    h.emulator.faults.reset();
    assert.equal(await instanceCount(), before);
  });

  test('dropAfterProcessRate: the instance is created but the reply is lost', async () => {
    const before = await instanceCount();
    h.emulator.faults.set({ dropAfterProcessRate: 1 });
    await assert.rejects(create());
    h.emulator.faults.reset();
    assert.equal(await instanceCount(), before + 1);
  });

  test('malformedRate: 200 with a truncated XML body, request not processed', async () => {
    const before = await instanceCount();
    h.emulator.faults.set({ malformedRate: 1 });
    const reply = await create();
    assert.equal(reply.status, 200);
    assert.ok(reply.headers['x-odps-request-id']);
    assert.notEqual(XMLValidator.validate(reply.body), true);
    h.emulator.faults.reset();
    assert.equal(await instanceCount(), before);
  });

  test('stallRate holds the reply stallMs after processing; latencyMs delays every reply', async () => {
    h.emulator.faults.set({ stallRate: 1, stallMs: 250 });
    const before = await instanceCount();
    const stalled = await timed(create);
    assert.equal(stalled.value.status, 201);
    assert.ok(stalled.ms >= 240, `stalled ${stalled.ms} ms`);
    h.emulator.faults.set({ stallRate: 0, latencyMs: 150 });
    const slow = await timed(() => h.get(`/projects/${h.project}/instances`));
    assert.ok(slow.ms >= 140, `latency ${slow.ms} ms`);
    h.emulator.faults.reset();
    assert.equal(await instanceCount(), before + 1);
  });

  test('faults never touch /__emulator or /logview', async () => {
    h.emulator.faults.set({ dropRate: 1 });
    const admin = await rawRequest(`${h.emulator.url}/__emulator/faults`, 'GET', {});
    assert.equal(admin.status, 200);
    assert.equal(JSON.parse(admin.body).dropRate, 1);
    const logview = await rawRequest(`${h.emulator.url}/logview/?p=x&i=y&token=z`, 'GET', {});
    assert.equal(logview.status, 403);
  });

  test('partial rates draw from the injected random source', async () => {
    const draws = [0.9, 0.1, 0.9, 0.1];
    const seeded = await startHarness({ random: () => draws.shift() ?? 0.9, faults: { errorRate: 0.5 } });
    const statuses = [];
    for (let i = 0; i < 2; i++) statuses.push((await seeded.get(`/projects/${seeded.project}/instances`)).status);
    // 0.9 -> no error; 0.1 -> error, then 0.9 picks 500 (below 0.5 would pick 503).
    assert.deepEqual(statuses, [200, 500]);
  });
});

describe('admin surface and stats', () => {
  test('PUT /__emulator/faults patches, GET reads back, bad input is 400', async () => {
    const put = (body: string) => rawRequest(`${h.emulator.url}/__emulator/faults`, 'PUT', {}, body);
    const reply = await put('{"errorRate":1}');
    assert.equal(reply.status, 200);
    assert.equal(h.emulator.faults.get().errorRate, 1);
    assert.equal((await h.get(`/projects/${h.project}/instances`)).status >= 500, true);
    assert.equal((await put('{"errorRate":2}')).status, 400);
    assert.equal((await put('{"nope":1}')).status, 400);
    assert.equal((await put('not json')).status, 400);
    assert.equal((await put('{"errorRate":0}')).status, 200);
    assert.equal((await h.get(`/projects/${h.project}/instances`)).status, 200);
  });

  test('stats count API requests by kind; reset clears them', async () => {
    h.emulator.resetStats();
    const id = (await create()).headers.location?.split('/').pop() ?? '';
    await h.get(`/projects/${h.project}/instances/${id}`);
    await h.get(`/projects/${h.project}/instances/${id}?instancestatus`);
    await h.get(`/projects/${h.project}/instances/${id}?taskstatus`);
    await h.get(`/projects/${h.project}/instances/${id}?result`);
    await h.client.send('PUT', `/projects/${h.project}/instances/${id}`, {
      body: '<Instance><Status>Terminated</Status></Instance>',
      contentType: 'application/xml',
    });
    assert.deepEqual(h.emulator.stats(), {
      requests: 6,
      byKind: {
        'POST instances': 1,
        'GET instance': 1,
        'GET instancestatus': 1,
        'GET taskstatus': 1,
        'GET result': 1,
        'PUT instance': 1,
      },
    });
    const over = await rawRequest(`${h.emulator.url}/__emulator/stats`, 'GET', {});
    assert.equal(JSON.parse(over.body).requests, 6);
    await rawRequest(`${h.emulator.url}/__emulator/stats/reset`, 'POST', {});
    assert.deepEqual(h.emulator.stats(), { requests: 0, byKind: {} });
  });
});
