import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { App, AwsLambdaReceiver, LogLevel } from '@slack/bolt';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import {
  apiGatewayEvent,
  blockActionsBody,
  buttonClickPayload,
  lambdaContext,
  slashCommandBody,
  viewSubmissionPayload,
} from '../support/slack-requests.ts';
import { BOT_TOKEN, useStandin } from './harness.ts';

const SIGNING_SECRET = 'test-secret';
const standin = await useStandin();

/**
 * The production shape in miniature: Bolt's Lambda receiver with bot ids given up front and its
 * WebClient on the stand-in. Proves the signed-request helpers produce what Bolt accepts.
 */
const receiver = new AwsLambdaReceiver({ signingSecret: SIGNING_SECRET, logLevel: LogLevel.ERROR });
const app = new App({
  token: BOT_TOKEN,
  botId: 'B0BOT',
  botUserId: 'U0BOT',
  receiver,
  processBeforeResponse: true,
  logLevel: LogLevel.ERROR,
  clientOptions: { slackApiUrl: standin.apiUrl, retryConfig: { retries: 0 } },
});
app.command('/odps', async ({ command, ack, client }) => {
  await ack();
  await client.chat.postMessage({ channel: command.channel_id, text: `running: ${command.text}` });
});
app.action('odps_stop', async ({ ack, action, respond }) => {
  await ack();
  await respond({ text: `stopping ${'value' in action ? action.value : '?'}`, replace_original: false });
});
app.view('odps_sql', async ({ ack, view }) => {
  await ack();
  const sql = view.state.values.sql?.input?.value;
  await app.client.chat.postMessage({ channel: view.private_metadata, text: `running: ${sql}` });
});
const handler = await receiver.start();
const nowSeconds = () => Math.floor(Date.now() / 1000);

async function invoke(event: APIGatewayProxyEventV2): Promise<{ statusCode: number; body: string }> {
  return (await handler(event, lambdaContext(3000))) as { statusCode: number; body: string };
}

describe('Bolt AwsLambdaReceiver fed by the signed-request helpers', () => {
  it('runs a signed /odps command: 200, and the message lands in the stand-in', async () => {
    const body = slashCommandBody({ text: 'run select 1', channelId: 'C0BOLT' });
    const result = await invoke(apiGatewayEvent({ body, signingSecret: SIGNING_SECRET }));
    assert.equal(result.statusCode, 200);
    assert.deepEqual(
      standin.channel('C0BOLT').map((message) => [message.user, message.text]),
      [['U0BOT', 'running: run select 1']],
    );
    const [call] = standin.calls('chat.postMessage');
    assert.equal(call?.args.team_id, 'T0TEAM', 'Bolt adds the team of the request');
  });

  it('also accepts the body base64-encoded, as a Function URL may deliver it', async () => {
    const body = slashCommandBody({ text: 'run select 2', channelId: 'C0B64' });
    const result = await invoke(apiGatewayEvent({ body, signingSecret: SIGNING_SECRET, isBase64Encoded: true }));
    assert.equal(result.statusCode, 200);
    assert.equal(standin.channel('C0B64')[0]?.text, 'running: run select 2');
  });

  it('answers 401 to a bad signature and posts nothing', async () => {
    const body = slashCommandBody({ text: 'run select 3', channelId: 'C0BAD' });
    const forged = apiGatewayEvent({ body, signingSecret: SIGNING_SECRET, signature: `v0=${'0'.repeat(64)}` });
    assert.equal((await invoke(forged)).statusCode, 401);
    const wrongSecret = apiGatewayEvent({ body, signingSecret: 'not-the-secret' });
    assert.equal((await invoke(wrongSecret)).statusCode, 401);
    assert.deepEqual(standin.channel('C0BAD'), []);
  });

  it('answers 401 to a timestamp older than 5 minutes, even when correctly signed', async () => {
    const body = slashCommandBody({ text: 'run select 4', channelId: 'C0OLD' });
    const stale = apiGatewayEvent({ body, signingSecret: SIGNING_SECRET, timestampSeconds: nowSeconds() - 301 });
    assert.equal((await invoke(stale)).statusCode, 401);
    assert.deepEqual(standin.channel('C0OLD'), []);
  });

  it('routes a button click and lets respond() reach the stand-in response_url', async () => {
    const responseUrl = standin.newResponseUrl();
    const payload = buttonClickPayload({
      actionId: 'odps_stop',
      value: '20240101abc',
      messageTs: '1700000000.000100',
      responseUrl,
    });
    const result = await invoke(apiGatewayEvent({ body: blockActionsBody(payload), signingSecret: SIGNING_SECRET }));
    assert.equal(result.statusCode, 200);
    assert.deepEqual(
      standin.responses().filter((recorded) => recorded.url === responseUrl),
      [{ url: responseUrl, body: { text: 'stopping 20240101abc', replace_original: false } }],
    );
  });

  it('routes a view submission', async () => {
    const payload = viewSubmissionPayload({
      callbackId: 'odps_sql',
      privateMetadata: 'C0VIEW',
      values: { sql: { input: { type: 'plain_text_input', value: 'select 5' } } },
    });
    const result = await invoke(apiGatewayEvent({ body: blockActionsBody(payload), signingSecret: SIGNING_SECRET }));
    assert.equal(result.statusCode, 200);
    assert.equal(standin.channel('C0VIEW')[0]?.text, 'running: select 5');
  });

  it('never called auth.test: botId and botUserId were given', () => {
    assert.deepEqual(standin.calls('auth.test'), []);
  });
});
