import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { WebClient } from '@slack/web-api';
import { silentLogger } from '../../src/observability/logger.ts';
import { type LocalApp, startLocalApp } from '../../src/runtime/local-app.ts';
import { type SlackStandin, startSlackStandin } from '../../src/slack-standin/index.ts';
import { waitFor } from '../support/wait-for.ts';

/**
 * `npm start` in Socket Mode (SLACK_APP_TOKEN): Bolt's SocketModeReceiver opens its WebSocket through
 * apps.connections.open, here on the stand-in (SLACK_API_URL), which plays Slack's side of the socket:
 * hello, envelopes, acknowledgements. No public URL, no HTTP listener.
 */
const APP_TOKEN = 'xapp-1-A0ODPSLOCAL-socket';
const BOT_TOKEN = 'xoxb-socket-mode';
const ADA = 'U0ADA';
const CHANNEL = 'C0DATAENG';

describe('local app in Socket Mode', () => {
  let slack: SlackStandin;
  /** Waits for something in the channel; on a timeout, says what the channel held instead. */
  const untilInChannel = <T>(find: () => T | undefined) =>
    waitFor(find, {
      describe: () => slack.channel(CHANNEL).map((message) => [message.ts, message.threadTs, message.text]),
    });
  let app: LocalApp;

  before(async () => {
    slack = await startSlackStandin({ botToken: BOT_TOKEN, appToken: APP_TOKEN });
    app = await startLocalApp(
      {
        SLACK_APP_TOKEN: APP_TOKEN,
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: 'socket-mode-needs-no-signature-but-the-app-has-one',
        SLACK_BOT_ID: 'B0BOT',
        SLACK_BOT_USER_ID: 'U0BOT',
        SLACK_API_URL: slack.apiUrl,
        EMULATOR_DURATION_MS: '300',
        ODPS_POLL_INTERVAL_MS: '200',
      },
      { logger: silentLogger },
    );
  });

  after(async () => {
    await app?.close();
    await slack?.close();
  });

  test('connects through apps.connections.open, with no HTTP listener', () => {
    assert.equal(app.config.slack, 'socket-mode');
    assert.equal(app.slackEventsUrl, undefined);
    assert.equal(slack.socketModeConnected(), true);
    const opens = slack.calls('apps.connections.open');
    assert.ok(opens.length >= 1);
    assert.equal(opens[0]?.status, 200);
  });

  test('a slash command arrives as an envelope and its acknowledgement carries the answer', async () => {
    const outcome = await slack.simulator.command(ADA, CHANNEL, '/odps help');
    assert.equal(outcome.ok, true);
    const answer = slack.channel(CHANNEL).find((message) => message.ephemeralTo === ADA);
    assert.match(JSON.stringify(answer?.blocks), /\/odps run/);
  });

  test('/odps run over the socket: card, tracking and the threaded result, as over HTTP', async () => {
    const outcome = await slack.simulator.command(ADA, CHANNEL, '/odps run select 7 as seven');
    assert.equal(outcome.ok, true);
    const reply = await untilInChannel(() =>
      slack.channel(CHANNEL).find((message) => message.threadTs !== undefined && /succeeded/.test(message.text ?? '')),
    );
    assert.match(JSON.stringify(reply.blocks), /seven/);
  });

  test('a button press arrives as an interactive envelope', async () => {
    await slack.simulator.command(ADA, CHANNEL, '/odps run --hint emulator.duration.ms=600000 select 1');
    const card = await untilInChannel(() =>
      slack.channel(CHANNEL).find((message) => JSON.stringify(message.blocks ?? []).includes('odps_stop')),
    );
    const pressed = await slack.simulator.press(ADA, CHANNEL, card.ts, 'odps_stop');
    assert.equal(pressed.ok, true);
    await untilInChannel(() =>
      slack
        .channel(CHANNEL)
        .find((message) => message.ts === card.ts && !JSON.stringify(message.blocks ?? []).includes('odps_stop')),
    );
  });

  test('apps.connections.open takes the app-level token only', async () => {
    const withBotToken = new WebClient(BOT_TOKEN, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
    await assert.rejects(withBotToken.apps.connections.open({}), /not_allowed_token_type/);
    const withAppToken = new WebClient(APP_TOKEN, { slackApiUrl: slack.apiUrl });
    const opened = await withAppToken.apps.connections.open({});
    assert.match(opened.url ?? '', /^ws:\/\/127\.0\.0\.1:\d+\/socket-mode\/[0-9a-f]{32}$/);
    const withAppTokenElsewhere = new WebClient(APP_TOKEN, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
    await assert.rejects(
      withAppTokenElsewhere.chat.postMessage({ channel: CHANNEL, text: 'x' }),
      /not_allowed_token_type/,
    );
  });
});
