import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DEMO_ACCOUNT, startEmulator } from '../../src/emulator/index.ts';
import { TERMINATED_DETAIL_TYPE } from '../../src/events/eventbridge-publisher.ts';
import { EVENT_SOURCE, WORKER_DETAIL_TYPE } from '../../src/slack/handoff.ts';
import { startSlackStandin } from '../../src/slack-standin/index.ts';
import { createInstanceTable } from '../../src/store/dynamodb-table.ts';
import { localDynamoDbClient, startDynalite } from '../support/dynalite.ts';
import { startEventBridgeStandin } from '../support/eventbridge-standin.ts';
import { startSecretsExtensionStandin } from '../support/secrets-extension-standin.ts';
import { serverlessEnv } from '../support/serverless-cli.ts';
import { startServerlessOffline } from '../support/serverless-offline.ts';
import { postSignedForm, slashCommandBody } from '../support/slack-requests.ts';

/**
 * serverless.yml run by `serverless offline`: the bundles the plugin builds, under the environment
 * serverless.yml gives them, called the way AWS calls them (HTTP for the slack function, the Lambda
 * Invoke API for the worker and the poller). Everything they talk to is a loopback stand-in started
 * here: the MaxCompute emulator, the Slack stand-in, dynalite, a PutEvents stand-in and the secrets
 * extension, which serves the SSM parameters serverless.yml names.
 */
const STAGE = 'offline';
const PREFIX = `odps-chatops-${STAGE}`;
const SECRET = 'offline-signing-secret-0123456789';
const SESSION_TOKEN = 'offline-session-token';
const PARAMETERS = {
  [`/odps-chatops/${STAGE}/slack-signing-secret`]: SECRET,
  [`/odps-chatops/${STAGE}/slack-bot-token`]: 'xoxb-offline',
  [`/odps-chatops/${STAGE}/alibaba-cloud-access-key-id`]: DEMO_ACCOUNT.accessId,
  [`/odps-chatops/${STAGE}/alibaba-cloud-access-key-secret`]: DEMO_ACCOUNT.secret,
};

const emulator = await startEmulator({ projects: ['test_proj'], defaultDurationMs: 200 });
const standin = await startSlackStandin({ botToken: 'xoxb-offline' });
const dynalite = await startDynalite();
const eventbridge = await startEventBridgeStandin();
const extension = await startSecretsExtensionStandin({ sessionToken: SESSION_TOKEN, parameters: PARAMETERS });
const dynamo = localDynamoDbClient(dynalite.endpoint);
await createInstanceTable(dynamo, `${PREFIX}-instances`);

const startedAt = Date.now();
const offline = await startServerlessOffline({
  stage: STAGE,
  // 13 s leaves three one-second ticks before the poller's 10 s reserve, so an invoke returns in ~3 s;
  // the schedule is off so that only this test runs the poller.
  params: { pollerTimeout: '13', pollerSchedule: 'false' },
  env: serverlessEnv({
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_SESSION_TOKEN: SESSION_TOKEN,
    AWS_ENDPOINT_URL_DYNAMODB: dynalite.endpoint,
    AWS_ENDPOINT_URL_EVENTBRIDGE: eventbridge.url,
    PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: String(extension.port),
    SLACK_API_URL: standin.apiUrl,
    SLACK_BOT_ID: 'B0BOT',
    SLACK_BOT_USER_ID: 'U0BOT',
    ODPS_ENDPOINT: emulator.endpoint,
    ODPS_PROJECT_NAME: 'test_proj',
    ODPS_POLL_INTERVAL_MS: '1000',
    // The most a command may wait before being handed off: a busy test machine must not turn the
    // /odps run answer into a deferred one.
    ODPS_ACK_BUDGET_MS: '2500',
    LOG_LEVEL: 'warn',
  }),
});
console.log(`serverless offline was ready after ${Date.now() - startedAt} ms`);
const lambda = new LambdaClient({
  endpoint: offline.lambdaEndpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  maxAttempts: 1,
});

after(async () => {
  lambda.destroy();
  dynamo.destroy();
  await offline.stop();
  await Promise.all([emulator.close(), standin.close(), dynalite.close(), eventbridge.close(), extension.close()]);
});

async function slashCommand(text: string): Promise<{ status: number; body: string }> {
  const body = slashCommandBody({ text, triggerId: `${Date.now()}.1.${randomUUID()}` });
  const response = await postSignedForm(`${offline.httpUrl}/slack/events`, body, SECRET, {
    signal: AbortSignal.timeout(30_000),
  });
  return { status: response.status, body: await response.text() };
}

async function invoke(functionName: string, event: unknown): Promise<void> {
  const started = Date.now();
  const result = await lambda.send(
    new InvokeCommand({ FunctionName: functionName, Payload: Buffer.from(JSON.stringify(event)) }),
    { abortSignal: AbortSignal.timeout(60_000) },
  );
  const payload = Buffer.from(result.Payload ?? new Uint8Array()).toString('utf8');
  assert.equal(result.FunctionError, undefined, `${functionName}: ${payload}\n${offline.output()}`);
  console.log(`${functionName} invoke took ${Date.now() - started} ms`);
}

function eventBridgeEvent(detailType: string, source: string, detail: unknown) {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': detailType,
    source,
    account: '000000000000',
    time: new Date().toISOString(),
    region: 'us-east-1',
    resources: [],
    detail,
  };
}

describe('serverless offline', () => {
  it('POST /slack/events answers a signed /odps help', async () => {
    const { status, body } = await slashCommand('help');
    assert.equal(status, 200, body);
    assert.ok(body.includes('/odps run'), body);
  });

  it('/odps run is acknowledged and handed to the bus serverless.yml names', async () => {
    const { status, body } = await slashCommand('run select 1 as one');
    assert.equal(status, 200, body);
    assert.match(body, /Submitting your query to test_proj/);
    const work = eventbridge.accepted.filter((entry) => entry.DetailType === WORKER_DETAIL_TYPE);
    assert.equal(work.length, 1);
    assert.equal(work[0]?.Source, EVENT_SOURCE);
    assert.equal(work[0]?.EventBusName, PREFIX);
  });

  it('the worker, invoked with that event as the rule delivers it, submits the query and posts the job card', async () => {
    const [work] = eventbridge.accepted.filter((entry) => entry.DetailType === WORKER_DETAIL_TYPE);
    assert.ok(work);
    await invoke(`${PREFIX}-worker`, eventBridgeEvent(work.DetailType, work.Source, JSON.parse(work.Detail)));
    assert.equal(standin.calls('chat.postMessage').length, 1);
    // The query's cost estimate (an instance of its own), then the query.
    assert.equal(emulator.stats().byKind['POST instances'], 2);
  });

  it('the poller, invoked through the Lambda API, posts the finished instance’s notice in the card’s thread', async () => {
    await sleep(500); // the emulator's instance runs for 200 ms
    await invoke(`${PREFIX}-poller`, eventBridgeEvent('Scheduled Event', 'aws.events', {}));
    const card = standin.channel('C0CHAN').find((message) => message.threadTs === undefined);
    const replies = standin.channel('C0CHAN').filter((message) => message.threadTs === card?.ts);
    assert.equal(replies.length, 1);
    assert.match(JSON.stringify(replies[0]?.blocks), /succeeded in/);
    const terminated = eventbridge.accepted.filter((entry) => entry.DetailType === TERMINATED_DETAIL_TYPE);
    assert.equal(terminated.length, 1);
  });

  it('every secret came from the SSM parameters serverless.yml names, through the extension', () => {
    assert.deepEqual([...new Set(extension.requested)].sort(), Object.keys(PARAMETERS).sort());
  });
});
