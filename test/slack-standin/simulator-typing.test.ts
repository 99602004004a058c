import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import { WebClient } from '@slack/web-api';
import { type SlackStandin, startSlackStandin } from '../../src/slack-standin/index.ts';
import { waitFor } from '../support/wait-for.ts';

/**
 * What the simulator sends for what a person typed, as Slack sends it to an app whose /odps has
 * "Escape channels, users, and links" on (should_escape: true in infra/slack-app-manifest.yml):
 * `&`, `<` and `>` as entities, real mentions as tokens; modal values as typed; a posted message
 * stored escaped with its mentions as tokens. The app here is a loopback server that records forms.
 */
const ADA = 'U0ADA';
const CHANNEL = 'C0DATAENG';

let standin: SlackStandin;
let app: Server;
let forms: URLSearchParams[] = [];
let onForm: (form: URLSearchParams) => void = () => undefined;

async function record(request: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of request) body += chunk;
  return new URLSearchParams(body);
}

async function post(path: string, body: unknown) {
  const response = await fetch(`${standin.url}/simulator/api/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await response.json()) as Record<string, unknown>;
}

async function commandText(typed: string): Promise<string | null> {
  forms = [];
  await post('command', { user: ADA, channel: CHANNEL, text: typed });
  return forms[0]?.get('text') ?? null;
}

before(async () => {
  standin = await startSlackStandin();
  app = createServer((request, response) => {
    void record(request).then((form) => {
      forms.push(form);
      onForm(form);
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end('');
    });
  });
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  const port = (app.address() as AddressInfo).port;
  standin.connectApp({ requestUrl: `http://127.0.0.1:${port}/slack/events`, signingSecret: 'typing-secret' });
});

after(async () => {
  app.closeAllConnections();
  await new Promise((resolve) => app.close(resolve));
  await standin.close();
});

beforeEach(() => {
  forms = [];
  onForm = () => undefined;
});

describe('slash command text from the simulator', () => {
  test('&, < and > arrive escaped, so markup typed as text is not a token', async () => {
    const text = await commandText("/odps run select '<!channel> hello <@U123>' where a < b & c > d");
    assert.equal(text, "run select '&lt;!channel&gt; hello &lt;@U123&gt;' where a &lt; b &amp; c &gt; d");
  });

  test('real mentions become tokens: members by name, @channel/@here/@everyone, channels and links', async () => {
    const text = await commandText(
      '/odps run select 1 -- @ada @Grace @odps @channel @here @everyone #data-eng https://example.com/a?b=1&c=2',
    );
    assert.equal(
      text,
      'run select 1 -- <@U0ADA> <@U0GRACE> <@U0BOT> <!channel> <!here> <!everyone> <#C0DATAENG|data-eng> ' +
        '<https://example.com/a?b=1&amp;c=2>',
    );
  });

  test('lookalikes stay text: unknown names, addresses, longer names, escaped entities typed as text', async () => {
    const text = await commandText('/odps run @nobody grace@example.com @adams #nowhere @channels &lt; x@here');
    assert.equal(text, 'run @nobody grace@example.com @adams #nowhere @channels &amp;lt; x@here');
  });

  test('the simulated workspace escapes as the manifest’s /odps does', () => {
    const manifest = readFileSync(new URL('../../infra/slack-app-manifest.yml', import.meta.url), 'utf8');
    assert.match(manifest, /command: \/odps[\s\S]*?should_escape: true/);
  });
});

describe('modal values and posted messages from the simulator', () => {
  test('a plain_text_input value reaches the app as typed: Slack does not escape modal values', async () => {
    const bot = new WebClient('xoxb-standin', { slackApiUrl: standin.apiUrl });
    onForm = (form) => {
      if (form.get('command') === null) return;
      void bot.views.open({
        trigger_id: form.get('trigger_id') ?? '',
        view: {
          type: 'modal',
          callback_id: 'odps_run_modal',
          title: { type: 'plain_text', text: 'Run SQL' },
          submit: { type: 'plain_text', text: 'Run' },
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
    };
    await post('command', { user: ADA, channel: CHANNEL, text: '/odps run' });
    const view = await waitFor(async () => {
      const response = await fetch(`${standin.url}/simulator/api/state?user=${ADA}&channel=${CHANNEL}`);
      return ((await response.json()) as { views: { id: string }[] }).views[0];
    });
    const typed = "select '<!channel> @ada' where a < b & c > d";
    await post('submit-view', {
      user: ADA,
      viewId: view.id,
      values: { sql: { value: { type: 'plain_text_input', value: typed } } },
    });
    const payload = JSON.parse(forms.at(-1)?.get('payload') ?? '{}');
    assert.equal(payload.view.state.values.sql.value.value, typed);
  });

  test('a posted message is stored escaped, with real mentions as tokens', async () => {
    await post('say', { user: ADA, channel: CHANNEL, text: 'hi @grace & @here: <b> is #data-eng' });
    const stored = standin.channel(CHANNEL).at(-1);
    assert.equal(stored?.text, 'hi <@U0GRACE> &amp; <!here>: &lt;b&gt; is <#C0DATAENG|data-eng>');
    assert.equal(forms.length, 0, 'a plain message does not reach the app');
  });
});
