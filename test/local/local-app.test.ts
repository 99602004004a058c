import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../src/config/config.ts';
import { ConfigError } from '../../src/config/config-error.ts';
import type { Env } from '../../src/config/env-reader.ts';
import { DEMO_ACCOUNT, type RunningEmulator, startEmulator } from '../../src/emulator/index.ts';
import { silentLogger } from '../../src/observability/logger.ts';
import { type LocalApp, startLocalApp } from '../../src/runtime/local-app.ts';
import { type SlackStandin, startSlackStandin } from '../../src/slack-standin/index.ts';
import { postSignedForm, slashCommandBody } from '../support/slack-requests.ts';
import { waitFor } from '../support/wait-for.ts';

/**
 * `npm start` with the simulator bypassed: the app listens in Bolt's HTTP mode and its Web API calls
 * go to a second, separate Slack stand-in (SLACK_API_URL), so only the real protocol surface connects
 * them: signed form posts in, Web API calls out. MaxCompute is "remote" too (ODPS_ENDPOINT and
 * credentials naming an emulator started apart), the way a real service would be configured.
 */
const SECRET = 'second-standin-signing-secret';
const CHANNEL = 'C0REMOTE';
const USER = 'U0REMOTE';

describe('local app against another Slack stand-in', () => {
  let slack: SlackStandin;
  /** Waits for something in the channel; on a timeout, says what the channel held instead. */
  const untilInChannel = <T>(find: () => T | undefined) =>
    waitFor(find, {
      describe: () => slack.channel(CHANNEL).map((message) => [message.ts, message.threadTs, message.text]),
    });
  let app: LocalApp;
  let maxcompute: RunningEmulator;

  before(async () => {
    slack = await startSlackStandin({ botToken: 'xoxb-second' });
    maxcompute = await startEmulator({ projects: ['remote_proj'], defaultDurationMs: 300 });
    app = await startLocalApp(
      {
        ODPS_ENDPOINT: maxcompute.endpoint,
        ODPS_PROJECT_NAME: 'remote_proj',
        ALIBABA_CLOUD_ACCESS_KEY_ID: DEMO_ACCOUNT.accessId,
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: DEMO_ACCOUNT.secret,
        PORT: '0',
        ODPS_POLL_INTERVAL_MS: '200',
        SLACK_API_URL: slack.apiUrl,
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_BOT_TOKEN: 'xoxb-second',
        SLACK_BOT_ID: 'B0BOT',
        SLACK_BOT_USER_ID: 'U0BOT',
      },
      { logger: silentLogger },
    );
  });

  after(async () => {
    await app?.close();
    await slack?.close();
    await maxcompute?.close();
  });

  async function send(text: string, secret = SECRET): Promise<Response> {
    const body = slashCommandBody({
      text,
      channelId: CHANNEL,
      userId: USER,
      responseUrl: slack.newResponseUrl({ channelId: CHANNEL, userId: USER }),
    });
    return postSignedForm(app.slackEventsUrl ?? '', body, secret);
  }

  test('starts no simulator or emulator of its own and listens on /slack/events', () => {
    assert.equal(app.config.slack, 'remote-standin');
    assert.equal(app.config.maxcompute, 'remote');
    assert.equal(app.maxcomputeEndpoint, maxcompute.endpoint);
    assert.equal(app.simulatorUrl, undefined);
    assert.match(app.slackEventsUrl ?? '', /^http:\/\/127\.0\.0\.1:\d+\/slack\/events$/);
  });

  test('a wrongly signed command is refused with 401 and nothing reaches Slack', async () => {
    slack.clearCalls();
    const response = await send('run select 1', 'not-the-secret');
    assert.equal(response.status, 401);
    assert.deepEqual(slack.calls(), []);
  });

  test('a signed /odps run gets its card in the channel and the result in its thread', async () => {
    const response = await send('run select 42 as answer');
    assert.equal(response.status, 200);
    const reply = await untilInChannel(() =>
      slack.channel(CHANNEL).find((message) => message.threadTs !== undefined && /succeeded/.test(message.text ?? '')),
    );
    // The card is edited to its outcome in place, alongside the threaded notice.
    const card = await untilInChannel(() =>
      slack.channel(CHANNEL).find((message) => message.ts === reply.threadTs && /Succeeded/.test(message.text ?? '')),
    );
    assert.ok(card.edited, 'the card was updated in place');
    assert.match(JSON.stringify(reply.blocks), /answer/);
    assert.match(JSON.stringify(reply.blocks), /42/);
    const methods = new Set(slack.calls().map((call) => call.method));
    for (const method of ['chat.postMessage', 'chat.update']) assert.ok(methods.has(method), method);
  });

  test('/odps help answers within the acknowledgement', async () => {
    const response = await send('help');
    assert.equal(response.status, 200);
    const answer = (await response.json()) as { text?: string; response_type?: string };
    assert.equal(answer.response_type, 'ephemeral');
    assert.match(answer.text ?? '', /odps/);
  });
});

describe('local app without the bot’s ids', () => {
  test('learns them from auth.test at start (Lambda must be given them) and answers commands', async () => {
    const slack = await startSlackStandin({ botToken: 'xoxb-third' });
    const app = await startLocalApp(
      { PORT: '0', SLACK_API_URL: slack.apiUrl, SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: 'xoxb-third' },
      { logger: silentLogger },
    );
    try {
      const body = slashCommandBody({ text: 'help', channelId: CHANNEL, userId: USER });
      const response = await postSignedForm(app.slackEventsUrl ?? '', body, SECRET);
      assert.equal(response.status, 200);
      assert.match(((await response.json()) as { text?: string }).text ?? '', /odps/);
      assert.equal(slack.calls('auth.test').length, 1);
      assert.throws(
        () => loadConfig({ SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: 'xoxb-x' }, 'aws'),
        /SLACK_BOT_ID is required/,
      );
    } finally {
      await app.close();
      await slack.close();
    }
  });
});

const loadLocalConfig = (env: Env) => loadConfig(env, 'local').local ?? assert.fail('no local part');

describe('local configuration', () => {
  test('everything is embedded by default', () => {
    const config = loadLocalConfig({});
    assert.equal(config.slack, 'simulator');
    assert.equal(config.maxcompute, 'emulator');
    assert.equal(config.store, 'embedded');
    assert.equal(config.host, '127.0.0.1');
    assert.ok(Object.isFrozen(config));
  });

  test('the Lambda variables switch each part to the real thing', () => {
    const config = loadLocalConfig({
      ODPS_ENDPOINT: 'https://service.cn-hangzhou.maxcompute.aliyun.com/api',
      ODPS_PROJECT_NAME: 'prod_proj',
      ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAI5tEXAMPLE',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'secret-value',
      SLACK_APP_TOKEN: 'xapp-1-abc',
      SLACK_SIGNING_SECRET: 'signing-secret-value',
      SLACK_BOT_TOKEN: 'xoxb-real',
      ODPS_TABLE_NAME: 'odps-chatops-prod-instances',
    });
    assert.equal(config.maxcompute, 'remote');
    assert.equal(config.slack, 'socket-mode');
    assert.equal(config.store, 'dynamodb');
  });

  test('every problem is reported at once', () => {
    assert.throws(
      () => loadLocalConfig({ PORT: 'eighty', SLACK_APP_TOKEN: 'xoxb-wrong-kind', SLACK_API_URL: 'ftp://x' }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, /PORT/);
        assert.match(error.message, /SLACK_APP_TOKEN/);
        assert.match(error.message, /SLACK_API_URL/);
        return true;
      },
    );
  });
});

describe('simulator page chrome', () => {
  test('every language has the same keys and placeholders', async () => {
    const modulePath = new URL('../../src/slack-standin/simulator/page/chrome-text.js', import.meta.url).href;
    const { CHROME_TEXT } = (await import(modulePath)) as { CHROME_TEXT: Record<string, Record<string, string>> };
    const english = CHROME_TEXT.en ?? {};
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
    assert.ok(Object.keys(CHROME_TEXT).length >= 2);
    for (const [language, table] of Object.entries(CHROME_TEXT)) {
      assert.deepEqual(Object.keys(table).sort(), Object.keys(english).sort(), language);
      for (const [key, text] of Object.entries(table)) {
        assert.deepEqual(placeholders(text), placeholders(english[key] ?? ''), `${language} ${key}`);
        assert.notEqual(text.trim(), '', `${language} ${key}`);
      }
    }
  });
});
