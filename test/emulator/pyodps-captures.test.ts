import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { startEmulator } from '../../src/emulator/index.ts';
import { type CapturedExchange, headerValue, vectors } from '../support/fixtures.ts';
import { assertXmlError } from './support/assertions.ts';
import { parseXmlBody, type RawReply, rawRequest } from './support/signed-client.ts';

/**
 * Every request PyODPS 0.13.1 sent in the capture session, replayed verbatim (method, target,
 * headers with the original Authorization and Date, body): the emulator must accept exactly what
 * PyODPS signs, and answer each request kind with the shape docs/maxcompute-protocol.md gives.
 *
 * The clock follows each request's Date header, plus 10 ms per earlier request carrying the same
 * Date, so that "Running, Running, Terminated" within one second replays with a 25 ms run time.
 */
const OWNER = 'ALIYUN$fake_user@example.com';
const exchanges = vectors.captures.flatMap((step) => step.exchanges).sort((a, b) => a.seq - b.seq);

/**
 * Where the emulator deliberately answers differently from the fake server that produced the captures.
 * Keyed by capture seq.
 */
const DIFFERENT_STATUS: Record<number, { status: number; why: string }> = {
  32: { status: 200, why: 'PUT /logs: 200 (docs/maxcompute-protocol.md, "Incidental requests"); no route in the fake' },
  93: {
    status: 404,
    why: 'the tunnel is served under /tunnel, the address ?service gives; this POST went to the fake server root',
  },
};

/**
 * Instance statuses the emulator answers differently, keyed by capture seq: `select fail from dual`
 * does not compile, and MaxCompute ends such an instance at once; the fake server ran it first.
 */
const DIFFERENT_INSTANCE_STATUS: Record<number, string> = { 71: 'Terminated', 72: 'Terminated' };

const createdIds = exchanges
  .filter((e) => e.request.method === 'POST' && e.response.status === 201)
  .map((e) => (headerValue(e.response.headers, 'Location') ?? '').split('/').pop() ?? '');

let now = 0;
const pendingIds = [...createdIds];
const emulator = await startEmulator({
  projects: [vectors.capture_credentials.project],
  accounts: [
    { accessId: vectors.capture_credentials.access_id, secret: vectors.capture_credentials.secret, owner: OWNER },
  ],
  clock: () => now,
  newInstanceId: () => {
    const id = pendingIds.shift();
    if (id === undefined) throw new Error('more instances created than captured');
    return id;
  },
  defaultDurationMs: 25,
  logviewHost: 'http://logview.example.com',
  jobInsightHost: 'https://maxcompute.console.example.com',
});
after(() => emulator.close());

const sameDateCount = new Map<string, number>();
async function replay(exchange: CapturedExchange): Promise<RawReply> {
  const date = headerValue(exchange.request.headers, 'Date') ?? '';
  const index = sameDateCount.get(date) ?? 0;
  sameDateCount.set(date, index + 1);
  now = Date.parse(date) + 10 * index;
  const skip = new Set(['host', 'content-length']);
  const headers = Object.fromEntries(exchange.request.headers.filter(([name]) => !skip.has(name.toLowerCase())));
  const body = exchange.request.body === '' ? undefined : exchange.request.body;
  return rawRequest(emulator.url + exchange.request.target, exchange.request.method, headers, body);
}

test('the capture set is the one this test was written for', () => {
  assert.equal(exchanges.length, 57);
  assert.equal(createdIds.length, 5);
});

for (const exchange of exchanges) {
  const { method, target } = exchange.request;
  test(`seq ${exchange.seq}: ${method} ${target}`, async () => {
    const reply = await replay(exchange);
    assert.match(reply.headers['x-odps-request-id'] ?? '', /^[0-9A-F]{24}$/, 'x-odps-request-id on every response');
    const expected = DIFFERENT_STATUS[exchange.seq]?.status ?? exchange.response.status;
    assert.equal(reply.status, expected, reply.body);
    checkShape(exchange, reply);
  });
}

test('the replay created exactly the captured instances', () => assert.deepEqual(pendingIds, []));

function checkShape(exchange: CapturedExchange, reply: RawReply): void {
  const { method, target } = exchange.request;
  const url = new URL(target, 'http://x');
  const path = url.pathname;
  const params = url.searchParams;
  if (reply.status >= 400) {
    const code = parseXmlBody(exchange.response.body) as { Error?: { Code?: string } };
    assertXmlError(reply, reply.status, code.Error?.Code ?? 'NoSuchObject');
    return;
  }
  if (path === '/api/logview/host') {
    assert.equal(reply.body, 'http://logview.example.com');
  } else if (path === '/api/webconsole/host') {
    assert.equal(reply.body, 'https://maxcompute.console.example.com');
  } else if (path.endsWith('/tunnel')) {
    assert.equal(reply.body, `${emulator.url.replace('http://', '')}/tunnel`, 'a host and path, no scheme');
  } else if (path === '/api/tenants') {
    assert.equal(typeof JSON.parse(reply.body).Tenant.Name, 'string');
  } else if (path.endsWith('/logs') || method === 'PUT') {
    assert.equal(reply.body, '');
  } else if (path.endsWith('/authorization')) {
    const doc = parseXmlBody(reply.body) as { Authorization: { Result: string } };
    assert.ok(doc.Authorization.Result.length > 20);
  } else if (method === 'POST') {
    assert.equal(reply.status, 201);
    assert.equal(reply.body, '');
    const id = (headerValue(exchange.response.headers, 'Location') ?? '').split('/').pop();
    assert.equal(reply.headers.location, `${emulator.endpoint}/projects/test_proj/instances/${id}`);
  } else if (path.endsWith('/instances')) {
    checkList(reply);
  } else {
    checkInstanceRead(exchange, reply, params);
  }
}

function checkList(reply: RawReply): void {
  const doc = parseXmlBody(reply.body) as { Instances: { Marker: string; MaxItems: string; Instance?: unknown[] } };
  assert.equal(typeof doc.Instances.Marker, 'string');
  assert.match(doc.Instances.MaxItems, /^\d+$/);
  for (const instance of (doc.Instances.Instance ?? []) as Record<string, string>[]) {
    const keys = Object.keys(instance).filter((key) => !key.startsWith('#'));
    assert.deepEqual(keys, ['Name', 'Owner', 'StartTime', 'EndTime', 'Status']);
  }
}

function checkInstanceRead(exchange: CapturedExchange, reply: RawReply, params: URLSearchParams): void {
  const doc = () => parseXmlBody(reply.body) as Record<string, unknown>;
  const captured = () => parseXmlBody(exchange.response.body) as Record<string, unknown>;
  if (params.has('taskstatus')) {
    const tasks = (doc() as TaskStatusDoc).Instance[0]?.Tasks.Task ?? [];
    const expectedTasks = (captured() as TaskStatusDoc).Instance[0]?.Tasks.Task ?? [];
    assert.deepEqual(
      tasks.map((t) => [t['@Type'], t.Name, t.Status]),
      expectedTasks.map((t) => [t['@Type'], t.Name, t.Status]),
    );
    for (const task of tasks) assert.ok(task.StartTime !== undefined && task.Histories !== undefined);
  } else if (params.has('result')) {
    const task = (doc() as ResultDoc).Instance[0]?.Tasks.Task[0];
    const expectedTask = (captured() as ResultDoc).Instance[0]?.Tasks.Task[0];
    assert.equal(task?.Result['@Format'], expectedTask?.Result['@Format']);
    assert.equal(task?.Status, expectedTask?.Status);
    if (task?.Result['@Format'] === 'csv') {
      // t_users has two rows more than the fake's table; the captured rows come first, byte for byte.
      assert.ok(task.Result['#text'].startsWith(expectedTask?.Result['#text'] ?? '?'), task.Result['#text']);
    } else {
      // The emulator's DuckDB calls `select fail from dual` a semantic error (ODPS-0130071), the
      // fake server a parse error (ODPS-0130161): both are ODPS- failure texts.
      assert.match(task?.Result['#text'] ?? '', /^ODPS-\d{7}:/);
    }
  } else if (params.has('source')) {
    const job = doc().Job as Record<string, unknown>;
    for (const key of ['Owner', 'CreationTime', 'LastModifiedTime', 'Priority', 'Tasks', 'DAG'])
      assert.ok(key in job, key);
    assert.equal(job.Owner, OWNER);
  } else if (params.has('instanceprogress')) {
    const stages = (doc() as { Progress: { Stage: Record<string, string>[] } }).Progress.Stage;
    assert.ok(stages.length >= 2);
    for (const stage of stages) {
      for (const key of INTEGER_CHILDREN) assert.match(stage[key] ?? '', /^\d+$/, key);
      assert.match(stage['@ID'] ?? '', /^[MRJ]\d/);
    }
  } else if (params.has('instancesummary')) {
    const body = JSON.parse(reply.body) as { Instance: { JsonSummary: string; Summary: string } };
    assert.equal(typeof JSON.parse(body.Instance.JsonSummary).Cost.CPU, 'number');
    assert.equal(typeof body.Instance.Summary, 'string');
  } else if (params.has('detail')) {
    assert.ok(Array.isArray(JSON.parse(reply.body).Stages));
  } else if (params.has('xresult')) {
    // LogisticRegression is not an emulated algorithm: the instance exists (and fails), with no actions.
    assert.ok('Actions' in (doc().Xinstance as Record<string, unknown>));
  } else {
    const status = (doc() as { Instance: { Status: string }[] }).Instance[0]?.Status;
    const capturedStatus =
      DIFFERENT_INSTANCE_STATUS[exchange.seq] ?? (captured() as { Instance: { Status: string }[] }).Instance[0]?.Status;
    assert.equal(status, capturedStatus);
    assert.equal(reply.headers['x-odps-owner'], OWNER);
    assert.equal(reply.headers['x-odps-start-time'], headerValue(exchange.response.headers, 'x-odps-start-time'));
    assert.equal(reply.headers['x-odps-end-time'] !== undefined, status === 'Terminated');
  }
}

const INTEGER_CHILDREN = [
  'BackupWorkers',
  'TerminatedWorkers',
  'RunningWorkers',
  'TotalWorkers',
  'InputRecords',
  'OutputRecords',
  'FinishedPercentage',
];

type TaskStatusDoc = { Instance: { Tasks: { Task: Record<string, unknown>[] } }[] };
type ResultDoc = {
  Instance: { Tasks: { Task: { Result: { '@Format': string; '#text': string }; Status: string }[] } }[];
};
