import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { startEmulator } from '../../src/emulator/index.ts';
import { jsonLogger } from '../../src/observability/json-logger.ts';
import { type LocalApp, startLocalApp } from '../../src/runtime/local-app.ts';
import { guardedRequestListener } from '../../src/runtime/slack-http-listener.ts';
import {
  checkSlackSignature,
  SIGNATURE_CLAIM_TTL_SECONDS,
  SIGNATURE_WINDOW_SECONDS,
  SlackRequestGuard,
} from '../../src/runtime/slack-request-guard.ts';
import { startSlackStandin } from '../../src/slack-standin/index.ts';
import { createInstanceTable } from '../../src/store/dynamodb-table.ts';
import { MemoryInstanceStore } from '../../src/store/memory-instance-store.ts';
import { StoreUnavailableError } from '../../src/store/store-errors.ts';
import { localDynamoDbClient, startDynalite } from '../support/dynalite.ts';
import { startEventBridgeStandin } from '../support/eventbridge-standin.ts';
import { loopbackLambdaEnv } from '../support/lambda-env.ts';
import { apiGatewayEvent, lambdaContext, signSlackBody, slashCommandBody } from '../support/slack-requests.ts';

/**
 * Slack request signatures on both runtimes, with every effect watched: a refused request must
 * reach neither MaxCompute (the emulator's request count), nor Slack's Web API or a response_url
 * (the stand-in's records), nor the instance store (a scan of the whole table), nor the worker
 * (PutEvents on Lambda; on the local app, where the hand-off is in-process, no `audit` line: every
 * listener writes one). Lambda: functions/slack.ts itself, configured through the environment.
 * Local: `startLocalApp` in Bolt's HTTP mode, posted to over loopback HTTP.
 */
const LAMBDA_SECRET = 'lambda-signing-secret-sig-suite-0123';
const LOCAL_SECRET = 'local-signing-secret-sig-suite-4567';
const LAMBDA_TABLE = 'odps_sig_lambda';
const LOCAL_TABLE = 'odps_sig_local';

const emulator = await startEmulator({ projects: ['test_proj'], defaultDurationMs: 200 });
const standin = await startSlackStandin({ botToken: 'xoxb-signatures' });
const localStandin = await startSlackStandin({ botToken: 'xoxb-signatures-local' });
const dynalite = await startDynalite();
const eventbridge = await startEventBridgeStandin();
const dynamo = localDynamoDbClient(dynalite.endpoint);
const documents = DynamoDBDocumentClient.from(dynamo);
await createInstanceTable(dynamo, LAMBDA_TABLE);
await createInstanceTable(dynamo, LOCAL_TABLE);
Object.assign(
  process.env,
  loopbackLambdaEnv({
    signingSecret: LAMBDA_SECRET,
    botToken: 'xoxb-signatures',
    slackApiUrl: standin.apiUrl,
    maxcomputeEndpoint: emulator.endpoint,
    project: 'test_proj',
    tableName: LAMBDA_TABLE,
    busName: 'odps-chatops-signatures',
    dynamoDbEndpoint: dynalite.endpoint,
    eventBridgeUrl: eventbridge.url,
  }),
);
const slack = await import('../../functions/slack.ts');

after(async () => {
  await Promise.all([emulator.close(), standin.close(), localStandin.close(), eventbridge.close()]);
  dynamo.destroy();
  await dynalite.close();
});

async function tableItems(table: string): Promise<string> {
  const { Items = [] } = await documents.send(new ScanCommand({ TableName: table, ConsistentRead: true }));
  return JSON.stringify(Items.map((item) => JSON.stringify(item)).sort());
}

interface Effects {
  maxcompute: number;
  slack: number;
  responses: number;
  handoffs: number;
  store: string;
  audits: number;
}

type Delivery = (event: APIGatewayProxyEventV2) => Promise<{ status: number; body: string }>;

/** One runtime under test: how to deliver a request and how to read every effect. */
interface Runtime {
  readonly name: string;
  readonly secret: string;
  deliver: Delivery;
  effects(): Promise<Effects>;
  responseUrl(): string;
}

const lambda: Runtime = {
  name: 'Lambda (functions/slack.ts)',
  secret: LAMBDA_SECRET,
  deliver: async (event) => {
    const response = (await slack.handler(event, lambdaContext() as Context)) as { statusCode: number; body?: string };
    return { status: response.statusCode, body: response.body ?? '' };
  },
  effects: async () => ({
    maxcompute: emulator.stats().requests,
    slack: standin.calls().length,
    responses: standin.responses().length,
    handoffs: eventbridge.calls(),
    store: await tableItems(LAMBDA_TABLE),
    audits: 0,
  }),
  responseUrl: () => standin.newResponseUrl({ channelId: 'C0CHAN', userId: 'U0USER' }),
};

const localLogs: string[] = [];
let app: LocalApp;

/** The same API Gateway event, posted over HTTP to the local app: headers and body byte for byte. */
const postToLocalApp: Delivery = async (event) => {
  const url = new URL(app.slackEventsUrl ?? '');
  const body = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.headers)) {
    if (value !== undefined && !['host', 'content-length', 'accept-encoding'].includes(name)) headers[name] = value;
  }
  headers['content-length'] = String(body.length);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
};

const local: Runtime = {
  name: 'local HTTP (startLocalApp)',
  secret: LOCAL_SECRET,
  deliver: postToLocalApp,
  effects: async () => ({
    maxcompute: (
      (await (await fetch(new URL('/__emulator/stats', app.maxcomputeEndpoint))).json()) as { requests: number }
    ).requests,
    slack: localStandin.calls().length,
    responses: localStandin.responses().length,
    handoffs: 0,
    store: await tableItems(LOCAL_TABLE),
    audits: localLogs.filter((line) => line.includes('"audit"')).length,
  }),
  responseUrl: () => localStandin.newResponseUrl({ channelId: 'C0CHAN', userId: 'U0USER' }),
};

before(async () => {
  app = await startLocalApp(
    {
      PORT: '0',
      EMULATOR_DURATION_MS: '200',
      ODPS_POLL_INTERVAL_MS: '1000',
      SLACK_API_URL: localStandin.apiUrl,
      SLACK_SIGNING_SECRET: LOCAL_SECRET,
      SLACK_BOT_TOKEN: 'xoxb-signatures-local',
      SLACK_BOT_ID: 'B0BOT',
      SLACK_BOT_USER_ID: 'U0BOT',
      ODPS_TABLE_NAME: LOCAL_TABLE,
      AWS_REGION: 'us-east-1',
    },
    { logger: jsonLogger({ level: 'debug', write: (line) => localLogs.push(line) }) },
  );
});

after(() => app?.close());

const nowSeconds = () => Math.floor(Date.now() / 1000);

function signedEvent(runtime: Runtime, text: string): APIGatewayProxyEventV2 {
  const body = slashCommandBody({ text, responseUrl: runtime.responseUrl() });
  return apiGatewayEvent({ body, signingSecret: runtime.secret });
}

function withHeaders(event: APIGatewayProxyEventV2, change: Record<string, string | undefined>) {
  const headers = { ...event.headers };
  for (const [name, value] of Object.entries(change)) {
    if (value === undefined) delete headers[name];
    else headers[name] = value;
  }
  return { ...event, headers };
}

/** Requests that must be refused, each built fresh for the runtime (a `run`, which would submit SQL). */
function refusedRequests(runtime: Runtime): [string, () => APIGatewayProxyEventV2][] {
  const run = () => slashCommandBody({ text: 'run select 1 as refused', responseUrl: runtime.responseUrl() });
  const event = (options: Partial<Parameters<typeof apiGatewayEvent>[0]> = {}) =>
    apiGatewayEvent({ body: run(), signingSecret: runtime.secret, ...options });
  return [
    ['no signature header', () => withHeaders(event(), { 'x-slack-signature': undefined })],
    ['an empty signature', () => event({ signature: '' })],
    ['no timestamp header', () => withHeaders(event(), { 'x-slack-request-timestamp': undefined })],
    [
      'neither header',
      () => withHeaders(event(), { 'x-slack-signature': undefined, 'x-slack-request-timestamp': undefined }),
    ],
    ['signed with another secret', () => event({ signingSecret: 'not-the-signing-secret' })],
    ['a signature of the wrong length', () => event({ signature: 'v0=00' })],
    [
      'a v1 signature',
      () => {
        const e = event();
        return withHeaders(e, { 'x-slack-signature': e.headers['x-slack-signature']?.replace('v0=', 'v1=') });
      },
    ],
    [
      'stale: signed 5 minutes and 1 second ago',
      () => event({ timestampSeconds: nowSeconds() - SIGNATURE_WINDOW_SECONDS - 1 }),
    ],
    ['stale: signed a day ago', () => event({ timestampSeconds: nowSeconds() - 86_400 })],
    [
      'future: signed 5 minutes and 2 seconds ahead',
      () => event({ timestampSeconds: nowSeconds() + SIGNATURE_WINDOW_SECONDS + 2 }),
    ],
    ['future: signed a year ahead', () => event({ timestampSeconds: nowSeconds() + 365 * 86_400 })],
    [
      'a timestamp that is not whole seconds (signed as sent; Bolt alone would accept it)',
      () => {
        const body = run();
        const timestamp = `${nowSeconds()}.5`;
        const signature = `v0=${createHmac('sha256', runtime.secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
        return apiGatewayEvent({
          body,
          signingSecret: runtime.secret,
          headers: { 'x-slack-request-timestamp': timestamp },
          signature,
        });
      },
    ],
    [
      'body altered after signing (the SQL)',
      () => {
        const e = event();
        return { ...e, body: (e.body ?? '').replace('select+1+as+refused', 'drop+table+pyodps_iris') };
      },
    ],
    [
      'body altered after signing (the user)',
      () => {
        const e = event();
        return { ...e, body: (e.body ?? '').replace('user_id=U0USER', 'user_id=U0ADMIN') };
      },
    ],
    [
      'body altered after signing (a field appended)',
      () => {
        const e = event();
        return { ...e, body: `${e.body}&user_id=U0ADMIN` };
      },
    ],
    ['content type application/json', () => event({ contentType: 'application/json' })],
    ['content type text/plain', () => event({ contentType: 'text/plain' })],
    ['content type with a charset', () => event({ contentType: 'application/x-www-form-urlencoded; charset=utf-8' })],
    ['content type missing', () => withHeaders(event(), { 'content-type': undefined })],
  ];
}

async function assertNothingHappened(runtime: Runtime, before: Effects, label: string): Promise<void> {
  // Give anything that did slip through (the worker, a response_url post) the time to show.
  await new Promise((resolve) => setTimeout(resolve, 30));
  assert.deepEqual(await runtime.effects(), before, `${runtime.name}: ${label} had an effect`);
}

for (const runtime of [lambda, local]) {
  describe(`signatures on ${runtime.name}`, () => {
    it('a correctly signed request is answered (the harness itself is sound)', async () => {
      const reply = await runtime.deliver(signedEvent(runtime, 'help'));
      assert.equal(reply.status, 200);
      assert.match(reply.body, /odps/);
    });

    it('missing, wrong, malformed, stale, future, altered and wrongly typed requests: 401 and no effect', async (t) => {
      const cases = refusedRequests(runtime);
      for (const [label, build] of cases) {
        const before = await runtime.effects();
        const reply = await runtime.deliver(build());
        assert.equal(reply.status, 401, `${label}: ${reply.status} ${reply.body}`);
        assert.equal(reply.body, '', label);
        await assertNothingHappened(runtime, before, label);
      }
      t.diagnostic(
        `${cases.length} refused requests, each with no MaxCompute request, Slack call, store write or hand-off`,
      );
    });

    it('a replay of an accepted request (the same bytes again) is refused, and does nothing a second time', async () => {
      const event = signedEvent(runtime, 'list');
      const before = await runtime.effects();
      const first = await runtime.deliver(event);
      assert.equal(first.status, 200, first.body);
      const afterFirst = await runtime.effects();
      assert.ok(afterFirst.maxcompute > before.maxcompute, 'the first delivery read the instance list');
      assert.notEqual(afterFirst.store, before.store, 'the signature was recorded');
      const replay = await runtime.deliver(event);
      assert.equal(replay.status, 401);
      await assertNothingHappened(runtime, afterFirst, 'the replay');
    });

    it('a replay under another spelling of the same signature or timestamp is refused too', async () => {
      const event = signedEvent(runtime, 'help');
      assert.equal((await runtime.deliver(event)).status, 200);
      const signature = event.headers['x-slack-signature'] ?? '';
      const timestamp = event.headers['x-slack-request-timestamp'] ?? '';
      const before = await runtime.effects();
      for (const [label, headers] of [
        ['signature with a suffix (Bolt reads v0=<hex>=x as v0=<hex>)', { 'x-slack-signature': `${signature}=x` }],
        ['signature in upper case', { 'x-slack-signature': `v0=${signature.slice(3).toUpperCase()}` }],
        ['signature with spaces', { 'x-slack-signature': ` ${signature} ` }],
        ['timestamp with a plus sign', { 'x-slack-request-timestamp': `+${timestamp}` }],
        ['timestamp with a decimal point', { 'x-slack-request-timestamp': `${timestamp}.0` }],
        ['timestamp with a leading zero', { 'x-slack-request-timestamp': `0${timestamp}` }],
        ['timestamp in exponent form', { 'x-slack-request-timestamp': Number(timestamp).toExponential() }],
      ] as const) {
        const reply = await runtime.deliver(withHeaders(event, headers));
        assert.equal(reply.status, 401, label);
        await assertNothingHappened(runtime, before, label);
      }
    });

    it("Slack's unsigned ssl_check is answered 200 and runs nothing", async () => {
      const before = await runtime.effects();
      const event = apiGatewayEvent({ body: 'ssl_check=1&token=legacy', signingSecret: 'irrelevant', signature: '' });
      const reply = await runtime.deliver(event);
      assert.equal(reply.status, 200);
      assert.equal(reply.body, '');
      await assertNothingHappened(runtime, before, 'ssl_check');
    });
  });
}

describe('the local HTTP receiver', () => {
  it('refuses a body over the limit with 413 before the guard, and other paths with 404', async () => {
    const url = new URL(app.slackEventsUrl ?? '');
    const before = await local.effects();
    const big = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'x'.repeat(4 * 1024 * 1024 + 1),
    });
    assert.equal(big.status, 413);
    const elsewhere = await fetch(new URL('/slack/other', url), { method: 'POST', body: 'x' });
    assert.equal(elsewhere.status, 404);
    const get = await fetch(url);
    assert.equal(get.status, 404);
    await assertNothingHappened(local, before, 'oversized and misdirected requests');
  });
});

describe('when the store cannot answer, the guard fails closed', () => {
  it('the local listener answers 503 and never hands the request to Bolt', async () => {
    const logs: string[] = [];
    const failing = new MemoryInstanceStore();
    failing.claimOnce = async () => {
      throw new StoreUnavailableError('claimOnce', 'ThrottlingException: slow down', { retryable: true });
    };
    const guard = new SlackRequestGuard({
      signingSecret: LOCAL_SECRET,
      store: failing,
      logger: jsonLogger({ write: (line) => logs.push(line) }),
    });
    let handedOn = 0;
    const server = createServer(
      guardedRequestListener(guard, (_request, response) => {
        handedOn++;
        response.end('bolt');
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const body = slashCommandBody({ text: 'help' });
      const timestamp = nowSeconds();
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-slack-request-timestamp': String(timestamp),
          'x-slack-signature': signSlackBody(LOCAL_SECRET, body, timestamp),
        },
        body,
      });
      assert.equal(response.status, 503);
      assert.equal(handedOn, 0);
      assert.ok(logs.some((line) => line.includes('"level":"error"') && line.includes('replay check')));
    } finally {
      server.close();
    }
  });

  it('functions/slack.ts answers 503 when its table is gone, and runs nothing', async () => {
    await dynamo.send(new DeleteTableCommand({ TableName: LAMBDA_TABLE }));
    const before = {
      maxcompute: emulator.stats().requests,
      slack: standin.calls().length,
      handoffs: eventbridge.calls(),
    };
    const reply = await lambda.deliver(signedEvent(lambda, 'run select 1 as while_the_store_is_down'));
    assert.equal(reply.status, 503);
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.deepEqual(
      { maxcompute: emulator.stats().requests, slack: standin.calls().length, handoffs: eventbridge.calls() },
      before,
    );
  });
});

describe('the signature rules themselves', () => {
  const body = Buffer.from('command=%2Fodps&text=help');
  const now = 1_800_000_000_000;
  const at = (seconds: number, secret = 'rules-secret') => ({
    contentType: 'application/x-www-form-urlencoded',
    timestamp: String(seconds),
    signature: signSlackBody(secret, body.toString(), seconds),
    rawBody: body,
  });

  it('accepts exactly five minutes either way, and not a second more', () => {
    const nowSeconds = now / 1000;
    for (const offset of [-SIGNATURE_WINDOW_SECONDS, 0, SIGNATURE_WINDOW_SECONDS]) {
      assert.equal(checkSlackSignature(at(nowSeconds + offset), 'rules-secret', now).ok, true, String(offset));
    }
    assert.deepEqual(checkSlackSignature(at(nowSeconds - SIGNATURE_WINDOW_SECONDS - 1), 'rules-secret', now), {
      ok: false,
      reason: 'stale',
    });
    assert.deepEqual(checkSlackSignature(at(nowSeconds + SIGNATURE_WINDOW_SECONDS + 1), 'rules-secret', now), {
      ok: false,
      reason: 'future',
    });
  });

  it('remembers a signature for longer than it could pass the window', () => {
    assert.ok(SIGNATURE_CLAIM_TTL_SECONDS > 2 * SIGNATURE_WINDOW_SECONDS);
  });

  it('signs the raw bytes: a body that is not valid UTF-8 still verifies', () => {
    const raw = Buffer.from([0x74, 0x65, 0x78, 0x74, 0x3d, 0xff, 0xfe]);
    const seconds = now / 1000;
    const signature = `v0=${createHmac('sha256', 's').update(`v0:${seconds}:`).update(raw).digest('hex')}`;
    const request = {
      contentType: 'application/x-www-form-urlencoded',
      timestamp: String(seconds),
      signature,
      rawBody: raw,
    };
    assert.equal(checkSlackSignature(request, 's', now).ok, true);
  });
});
