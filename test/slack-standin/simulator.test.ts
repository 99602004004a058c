import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import { WebClient } from '@slack/web-api';
import { type SlackStandin, startSlackStandin } from '../../src/slack-standin/index.ts';
import { waitFor } from '../support/wait-for.ts';

/**
 * The simulator plays Slack's client side: what a person does reaches the app as Slack would send
 * it. The "app" here is a plain loopback server that checks the signature with its own HMAC and
 * answers as each test says.
 */
const SECRET = 'simulator-test-signing-secret';
const ADA = 'U0ADA';
const LILEI = 'U0LILEI';
const CHANNEL = 'C0DATAENG';

interface Received {
  headers: IncomingMessage['headers'];
  form: URLSearchParams;
  signatureValid: boolean;
}

type Answer = (received: Received) => { status?: number; json?: unknown; text?: string; delayMs?: number };

let standin: SlackStandin;
let app: Server;
let received: Received[] = [];
let answer: Answer = () => ({ status: 200, text: '' });

function verify(headers: IncomingMessage['headers'], body: string): boolean {
  const timestamp = String(headers['x-slack-request-timestamp'] ?? '');
  const signature = String(headers['x-slack-signature'] ?? '');
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
  const expected = `v0=${createHmac('sha256', SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return signature.length === expected.length && timingSafeEqual(Buffer.from(signature), Buffer.from(expected));
}

async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
  let body = '';
  for await (const chunk of request) body += chunk;
  const entry = {
    headers: request.headers,
    form: new URLSearchParams(body),
    signatureValid: verify(request.headers, body),
  };
  received.push(entry);
  const reply = answer(entry);
  if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
  if (response.destroyed) return;
  if (reply.json !== undefined) {
    response.writeHead(reply.status ?? 200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(reply.json));
  } else {
    response.writeHead(reply.status ?? 200, { 'content-type': 'text/plain' });
    response.end(reply.text ?? '');
  }
}

async function post(path: string, body: unknown, contentType = 'application/json') {
  const response = await fetch(`${standin.url}/simulator/api/${path}`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function state(user: string, channel = CHANNEL) {
  const response = await fetch(`${standin.url}/simulator/api/state?user=${user}&channel=${channel}`);
  return (await response.json()) as {
    messages: { ts: string; user?: string; text?: string; ephemeral: boolean; files: { url: string }[] }[];
    views: { id: string; view: Record<string, unknown>; errors?: Record<string, string> }[];
  };
}

/** What an app does with a command's response_url after answering: posts `body` there after `delayMs`. */
function postLater(entry: Received, body: Record<string, unknown>, delayMs: number): void {
  const responseUrl = entry.form.get('response_url') ?? '';
  setTimeout(() => {
    void fetch(responseUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }, delayMs);
}

const payloadOf = (entry: Received | undefined) => JSON.parse(entry?.form.get('payload') ?? '{}');

before(async () => {
  standin = await startSlackStandin();
  app = createServer((request, response) => void handle(request, response));
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  standin.connectApp({
    requestUrl: `http://127.0.0.1:${(app.address() as AddressInfo).port}/slack/events`,
    signingSecret: SECRET,
  });
});

after(async () => {
  app.closeAllConnections();
  await new Promise((resolve) => app.close(resolve));
  await standin.close();
});

beforeEach(() => {
  received = [];
  answer = () => ({ status: 200, text: '' });
});

describe('slash commands from the simulator', () => {
  test('reach the app signed, with every field Slack sends, and an ephemeral answer shows to its person only', async () => {
    answer = () => ({ json: { text: 'Submitting *now*' } });
    const outcome = await post('command', { user: ADA, channel: CHANNEL, text: '/odps run select 1' });
    assert.equal(outcome.body.ok, true);
    const [request] = received;
    assert.ok(request?.signatureValid, 'signature verifies with the app’s secret');
    assert.equal(request?.headers['content-type'], 'application/x-www-form-urlencoded');
    const form = request?.form;
    assert.equal(form?.get('command'), '/odps');
    assert.equal(form?.get('text'), 'run select 1');
    assert.equal(form?.get('user_id'), ADA);
    assert.equal(form?.get('user_name'), 'ada');
    assert.equal(form?.get('channel_id'), CHANNEL);
    assert.equal(form?.get('channel_name'), 'data-eng');
    assert.match(form?.get('trigger_id') ?? '', /^\d+\.\d+\.[0-9a-f]+$/);
    assert.ok(form?.get('response_url')?.startsWith(`${standin.url}/response/`));
    for (const field of ['token', 'team_id', 'team_domain', 'api_app_id', 'is_enterprise_install']) {
      assert.ok(form?.has(field), field);
    }
    const seenByAda = (await state(ADA)).messages.filter((message) => message.text === 'Submitting *now*');
    assert.equal(seenByAda.length, 1);
    assert.equal(seenByAda[0]?.ephemeral, true);
    assert.equal((await state(LILEI)).messages.filter((message) => message.text === 'Submitting *now*').length, 0);
  });

  test('a response_url post and an in_channel answer are seen by everyone in the channel', async () => {
    answer = (entry) => {
      postLater(entry, { response_type: 'in_channel', text: 'later, for all' }, 10);
      return { json: { response_type: 'in_channel', text: 'now, for all' } };
    };
    await post('command', { user: ADA, channel: CHANNEL, text: '/odps status x' });
    await waitFor(async () =>
      (await state(LILEI)).messages.some((message) => message.text === 'later, for all') ? true : undefined,
    );
    const seen = (await state(LILEI)).messages.filter((message) => message.text?.endsWith('for all'));
    assert.deepEqual(
      seen.map((message) => [message.text, message.ephemeral]),
      [
        ['now, for all', false],
        ['later, for all', false],
      ],
    );
  });

  test('an app that fails, is too slow or is not there gets Slackbot’s error, like Slack shows it', async () => {
    answer = () => ({ status: 500, text: 'boom' });
    assert.equal(
      (await post('command', { user: ADA, channel: CHANNEL, text: '/odps help' })).body.error,
      'http_service_error',
    );
    answer = () => ({ delayMs: 3500, text: '' });
    assert.equal(
      (await post('command', { user: ADA, channel: CHANNEL, text: '/odps help' })).body.error,
      'operation_timeout',
    );
    const texts = (await state(ADA)).messages.filter((message) => message.user === 'USLACKBOT').map((m) => m.text);
    assert.ok(texts.includes('/odps failed with the error "http_service_error"'));
    assert.ok(texts.includes('/odps failed with the error "operation_timeout"'));
  });

  test('a command the app did not register never reaches it', async () => {
    const outcome = await post('command', { user: ADA, channel: CHANNEL, text: '/deploy prod' });
    assert.equal(outcome.body.error, 'unknown_command');
    assert.equal(received.length, 0);
    assert.ok((await state(ADA)).messages.some((message) => message.text === '/deploy is not a valid command.'));
  });

  test('unknown people and channels, and non-JSON bodies, are refused before anything is sent', async () => {
    assert.equal((await post('command', { user: 'U0NOBODY', channel: CHANNEL, text: '/odps help' })).status, 400);
    assert.equal((await post('command', { user: ADA, channel: 'C0NOWHERE', text: '/odps help' })).status, 400);
    const form = await post(
      'command',
      'user=U0ADA&channel=C0DATAENG&text=%2Fodps',
      'application/x-www-form-urlencoded',
    );
    assert.equal(form.status, 415);
    assert.equal(received.length, 0);
  });
});

describe('buttons and modals from the simulator', () => {
  const bot = () => new WebClient('xoxb-standin', { slackApiUrl: standin.apiUrl });
  const card = [
    { type: 'section', block_id: 'status', text: { type: 'mrkdwn', text: 'running' } },
    {
      type: 'actions',
      block_id: 'card_actions',
      elements: [
        {
          type: 'button',
          action_id: 'odps_stop',
          value: 'odps_demo/2026x',
          style: 'danger',
          text: { type: 'plain_text', text: 'Stop' },
          confirm: { title: { type: 'plain_text', text: 'Sure?' } },
        },
      ],
    },
  ];

  test('a press sends block_actions with the element, its block and the message it is on', async () => {
    const posted = await bot().chat.postMessage({ channel: CHANNEL, text: 'card', blocks: card });
    await post('press', { user: LILEI, channel: CHANNEL, messageTs: posted.ts, actionId: 'odps_stop' });
    const [request] = received;
    assert.ok(request?.signatureValid);
    const payload = payloadOf(request);
    assert.equal(payload.type, 'block_actions');
    assert.equal(payload.user.id, LILEI);
    assert.deepEqual(payload.container, {
      type: 'message',
      message_ts: posted.ts,
      channel_id: CHANNEL,
      is_ephemeral: false,
    });
    assert.equal(payload.actions[0].action_id, 'odps_stop');
    assert.equal(payload.actions[0].value, 'odps_demo/2026x');
    assert.equal(payload.actions[0].block_id, 'card_actions');
    assert.equal(payload.actions[0].confirm, undefined, 'Slack does not echo the confirm dialog');
    assert.deepEqual(payload.message.blocks, card);
    assert.ok(payload.response_url.startsWith(`${standin.url}/response/`));
  });

  test('a press on an ephemeral message says so and carries no message', async () => {
    const posted = await bot().chat.postEphemeral({ channel: CHANNEL, user: ADA, text: 'only ada', blocks: card });
    const ts = (await state(ADA)).messages.find((message) => message.text === 'only ada')?.ts ?? posted.message_ts;
    await post('press', { user: ADA, channel: CHANNEL, messageTs: ts, actionId: 'odps_stop' });
    const payload = payloadOf(received[0]);
    assert.equal(payload.container.is_ephemeral, true);
    assert.equal(payload.message, undefined);
    const byOther = await post('press', { user: LILEI, channel: CHANNEL, messageTs: ts, actionId: 'odps_stop' });
    assert.equal(byOther.status, 400, 'someone else’s ephemeral cannot be pressed');
  });

  test('a modal opens for the person whose trigger opened it; errors keep it open, success closes it', async () => {
    answer = (entry) => {
      if (entry.form.get('command') !== null) {
        void bot().views.open({
          trigger_id: entry.form.get('trigger_id') ?? '',
          view: {
            type: 'modal',
            callback_id: 'odps_run_modal',
            title: { type: 'plain_text', text: 'Run SQL' },
            submit: { type: 'plain_text', text: 'Run' },
            private_metadata: '{"channel":"C0DATAENG"}',
            blocks: [
              {
                type: 'input',
                block_id: 'sql',
                label: { type: 'plain_text', text: 'SQL' },
                element: { type: 'plain_text_input', action_id: 'value', multiline: true },
              },
            ],
          },
        });
        return { text: '' };
      }
      const payload = payloadOf(entry);
      const sql = payload.view.state.values.sql.value.value;
      return sql === '' ? { json: { response_action: 'errors', errors: { sql: 'Type some SQL' } } } : { text: '' };
    };
    await post('command', { user: ADA, channel: CHANNEL, text: '/odps run' });
    await waitFor(async () => ((await state(ADA)).views.length === 1 ? true : undefined));
    assert.equal((await state(LILEI)).views.length, 0);
    const [view] = (await state(ADA)).views;
    const empty = await post('submit-view', {
      user: ADA,
      viewId: view?.id,
      values: { sql: { value: { type: 'plain_text_input', value: '' } } },
    });
    assert.equal(empty.body.error, 'validation_errors');
    assert.deepEqual((await state(ADA)).views[0]?.errors, { sql: 'Type some SQL' });
    const submitted = payloadOf(received.at(-1));
    assert.equal(submitted.type, 'view_submission');
    assert.equal(submitted.view.callback_id, 'odps_run_modal');
    assert.equal(submitted.view.private_metadata, '{"channel":"C0DATAENG"}');
    const done = await post('submit-view', {
      user: ADA,
      viewId: view?.id,
      values: { sql: { value: { type: 'plain_text_input', value: 'select 1' } } },
    });
    assert.equal(done.body.ok, true);
    assert.equal((await state(ADA)).views.length, 0);
  });
});

describe('the page and its files', () => {
  test('the page is served with a strict content security policy; nothing outside the asset list is', async () => {
    const page = await fetch(`${standin.url}/`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    assert.match(await page.text(), /simulator\.js/);
    assert.equal((await fetch(`${standin.url}/simulator/assets/simulator.js`)).status, 200);
    assert.equal((await fetch(`${standin.url}/simulator/assets/..%2Fsimulator.ts`)).status, 404);
    assert.equal((await fetch(`${standin.url}/simulator/assets/routes.ts`)).status, 404);
  });

  test('a shared file downloads under its name, as an attachment', async () => {
    const client = new WebClient('xoxb-standin', { slackApiUrl: standin.apiUrl });
    const parent = await client.chat.postMessage({ channel: CHANNEL, text: 'parent' });
    await client.filesUploadV2({
      channel_id: CHANNEL,
      thread_ts: parent.ts ?? '',
      filename: '结果 "1".csv',
      file: Buffer.from('a,b\n1,2\n'),
    });
    const message = (await state(ADA)).messages.find((candidate) => candidate.files.length > 0);
    const response = await fetch(message?.files[0]?.url ?? '');
    assert.equal(response.status, 200);
    assert.equal(await response.text(), 'a,b\n1,2\n');
    const disposition = response.headers.get('content-disposition') ?? '';
    assert.match(disposition, /^attachment; filename="[A-Za-z0-9._-]+"; filename\*=UTF-8''/);
    assert.ok(disposition.includes(encodeURIComponent('结果 "1".csv')));
  });
});

describe('a slash command’s response_url and its own answer', () => {
  /** The app answers the command after `answerMs` and posts `body` to its response_url after `delayMs`. */
  async function answerThen(body: Record<string, unknown>, delayMs: number, answerMs = 0) {
    answer = (entry) => {
      postLater(entry, body, delayMs);
      return { json: { text: `Submitting ${delayMs}` }, delayMs: answerMs };
    };
    await post('command', { user: ADA, channel: CHANNEL, text: '/odps run select 1' });
  }

  test('delete_original removes the command’s answer, as Slack does', async () => {
    await answerThen({ delete_original: true }, 20);
    await waitFor(async () => (standin.responses().length > 0 ? true : undefined));
    await waitFor(async () =>
      (await state(ADA)).messages.some((message) => message.text === 'Submitting 20') ? undefined : true,
    );
  });

  test('replace_original that races ahead of the answer applies once the answer shows', async () => {
    // Sent before the app's acknowledgement is back: Slack shows the acknowledgement first, then this.
    await answerThen({ replace_original: true, text: 'Card posted' }, 0, 150);
    assert.equal(standin.responses().at(-1)?.body.text, 'Card posted');
    const texts = (await state(ADA)).messages.map((message) => message.text);
    assert.ok(texts.includes('Card posted'), JSON.stringify(texts));
    assert.ok(!texts.includes('Submitting 0'), JSON.stringify(texts));
  });
});
