import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jsonLogger } from '../../src/observability/json-logger.ts';
import { loadAwsParts } from '../../src/runtime/aws-parts.ts';
import { LOCAL_ADMIN_ROLE, LOCAL_ANALYST_ROLE, localRoles } from '../../src/runtime/local-identities.ts';
import { ACTION } from '../../src/slack/messages/message.ts';
import { PROJECT, type SlackReply, useFrontDoor } from '../support/front-door.ts';
import { apiGatewayEvent, blockActionsBody, buttonClickPayload, slashCommandBody } from '../support/slack-requests.ts';
import { finalNotice, lastCard, waitFor } from './support.ts';

/**
 * Distinctive secret values through whole flows, then a search for them (and their base64, URL
 * and JSON encodings, and their random halves alone) in everything that leaves the process or is
 * written down: every log line (a logger that masks nothing, so this finds anything that even
 * tries to log a secret), every Slack Web API call with its answer, every response_url post, every
 * uploaded file, every reply to a request. Flows: a run to completion with its notice and CSV, a
 * failing run, a stop, list/status/result/logview, refused requests (bad signature, stale, replay),
 * and MaxCompute refusing the credentials (wrong secret, wrong STS token).
 */
const SECRETS = {
  signingSecret: 'sigsec-9f2c7e51a3b84d06c1e2',
  botToken: 'xoxb-botsec-5e8d21c9f7a04b36a9d1',
  accessKeySecret: 'aksec-3b7f90e2c4d15a6827fe',
  securityToken: 'ststok-8c1e4a97d2b35f60b4c8',
} as const;
const ACCESS_ID = 'LTAI5tSecSuiteAccessId';

/** Each secret as it might be written: plain, base64, URL-encoded, JSON-escaped, and its random part. */
function needles(): { name: string; needle: string }[] {
  return Object.entries(SECRETS).flatMap(([name, secret]) => [
    { name, needle: secret },
    { name: `${name} (base64)`, needle: Buffer.from(secret).toString('base64').replace(/=+$/, '') },
    { name: `${name} (url)`, needle: encodeURIComponent(secret) },
    { name: `${name} (json)`, needle: JSON.stringify(secret).slice(1, -1) },
    { name: `${name} (random part)`, needle: secret.slice(secret.lastIndexOf('-') + 1) },
  ]);
}

function leaks(where: string, text: string): string[] {
  return needles()
    .filter(({ needle }) => text.includes(needle))
    .map(({ name }) => `${name} in ${where}`);
}

type Door = Awaited<ReturnType<typeof useFrontDoor>>;

/** Everything a door wrote or sent, by where it went. */
function captured(door: Door, replies: SlackReply[]): [string, string][] {
  return [
    ['logs', door.logs.join('\n')],
    ['Slack Web API calls', JSON.stringify(door.standin.calls())],
    ['response_url posts', JSON.stringify(door.standin.responses())],
    [
      'files',
      JSON.stringify(door.standin.files().map((file) => ({ ...file, content: file.content.toString('utf8') }))),
    ],
    ['channel C0CHAN', JSON.stringify(door.standin.channel('C0CHAN'))],
    ['replies', JSON.stringify(replies)],
  ];
}

const credentials = {
  accessId: ACCESS_ID,
  secret: SECRETS.accessKeySecret,
  securityToken: SECRETS.securityToken,
};
const account = { ...credentials, owner: 'ALIYUN$secrets@example.com' };

describe('secrets never appear in logs, messages, files or answers', () => {
  it('a day of work: runs, a failure, a stop, reads and refused requests', async (t) => {
    const door = await useFrontDoor({
      secrets: { signingSecret: SECRETS.signingSecret, botToken: SECRETS.botToken, credentials },
      emulator: { accounts: [account], defaultDurationMs: 200 },
    });
    const replies: SlackReply[] = [];
    const command = async (text: string, userId = 'U0USER') => {
      const reply = await door.command(text, { userId });
      replies.push(reply);
      return reply;
    };

    // A run to completion, with a result larger than the preview (so a CSV file), and --mention.
    assert.match((await command('run --mention select * from pyodps_iris')).body.text ?? '', /Submitting/);
    await door.drain();
    const big = lastCard(door.standin);
    await finalNotice(door, big);
    await waitFor(() => door.standin.files().find((file) => file.threadTs === big.ts));

    // A failing run.
    await command('run set emulator.fail=ODPS-0130071: no such column; select 1');
    await door.drain();
    await finalNotice(door, lastCard(door.standin));

    // A stop by the owner's button.
    await command('run set emulator.duration.ms=60000; select 1');
    await door.drain();
    const long = lastCard(door.standin);
    const stop = await door.deliver(
      blockActionsBody(
        buttonClickPayload({
          actionId: ACTION.stop,
          value: `${PROJECT}/${long.id}`,
          messageTs: long.ts,
          responseUrl: door.standin.newResponseUrl({ channelId: 'C0CHAN', userId: 'U0USER' }),
        }),
      ),
    );
    replies.push(stop);
    await door.drain();
    await finalNotice(door, long);

    // Reads.
    for (const text of [`status ${big.id}`, `result ${big.id} --csv`, `logview ${big.id}`, 'list all', 'help']) {
      await command(text);
    }
    await door.drain();

    // Refused requests: another secret, stale, a replay.
    const body = slashCommandBody({ text: 'run select 1' });
    replies.push(await door.deliver(body, { signingSecret: 'another-secret-entirely' }));
    replies.push(await door.deliver(body, { timestampSeconds: Math.floor(Date.now() / 1000) - 3600 }));
    const event = apiGatewayEvent({ body: slashCommandBody({ text: 'help' }), signingSecret: SECRETS.signingSecret });
    replies.push(await door.send(event), await door.send(event));
    assert.deepEqual(
      replies.slice(-4).map((reply) => reply.statusCode),
      [401, 401, 200, 401],
    );

    const found = captured(door, replies).flatMap(([where, text]) => leaks(where, text));
    assert.deepEqual(found, []);
    const scanned = captured(door, replies).reduce((sum, [, text]) => sum + text.length, 0);
    t.diagnostic(
      `${needles().length} needles, ${door.logs.length} log lines, ${door.standin.calls().length} Slack calls, ${door.standin.files().length} files, ${replies.length} replies, ${scanned} characters scanned: 0 hits`,
    );
  });

  for (const [label, emulatorAccount, expected] of [
    [
      'MaxCompute refuses the signature (another secret)',
      { ...account, secret: 'the-real-one-is-different' },
      /MaxCompute said: SignatureNotMatch|SignatureNotMatch/,
    ],
    ['MaxCompute refuses the STS token', { ...account, securityToken: 'another-sts-token' }, /InvalidSecurityToken/],
  ] as const) {
    it(`${label}: the user sees the refusal, nobody sees a secret`, async () => {
      const door = await useFrontDoor({
        secrets: { signingSecret: SECRETS.signingSecret, botToken: SECRETS.botToken, credentials },
        emulator: { accounts: [emulatorAccount], defaultDurationMs: 200 },
      });
      const replies: SlackReply[] = [];
      for (const text of ['status 20160519101349613gzbzufck2', 'list', 'run select 1']) {
        replies.push(await door.command(text));
      }
      await door.drain();
      const shown = JSON.stringify([replies, door.standin.calls(), door.standin.responses()]);
      assert.match(shown, expected, 'the refusal reached the user');
      assert.deepEqual(
        captured(door, replies).flatMap(([where, text]) => leaks(where, text)),
        [],
      );
    });
  }
});

describe('a person’s temporary credentials (issue #17) never appear either', () => {
  it('runs, reads, a stop and STS refusals as people mapped to roles, then a search for their secrets and tokens', async () => {
    const bot = {
      accessId: ACCESS_ID,
      secret: SECRETS.accessKeySecret,
      owner: 'RAM$1234567890123456:odps-chatops-bot',
    };
    const untrusting = 'acs:ram::1234567890123456:role/odps-untrusting';
    const door = await useFrontDoor({
      identities: true,
      secrets: { signingSecret: SECRETS.signingSecret, botToken: SECRETS.botToken, credentials: bot },
      emulator: {
        accounts: [bot],
        roles: [
          ...localRoles(PROJECT).map((role) => ({ ...role, trustedAccessIds: [ACCESS_ID] })),
          { arn: untrusting, trustedAccessIds: [], projects: [PROJECT], writes: false },
        ],
        defaultDurationMs: 200,
      },
      env: {
        ODPS_IDENTITY_MODE: 'person',
        ODPS_IDENTITY_MAP: `U0ADA=${LOCAL_ANALYST_ROLE},U0LILEI=${LOCAL_ADMIN_ROLE},U0CAROL=${untrusting}`,
      },
    });
    const replies: SlackReply[] = [];
    const command = async (text: string, userId: string) => {
      replies.push(await door.command(text, { userId }));
      await door.drain();
    };
    await command('run select * from pyodps_iris', 'U0ADA');
    await finalNotice(door, lastCard(door.standin));
    const ran = lastCard(door.standin);
    await command('run select * from salaries', 'U0ADA');
    await command('run set emulator.duration.ms=60000; select 1', 'U0LILEI');
    const long = lastCard(door.standin);
    await command(`stop ${long.id}`, 'U0ADA');
    await command(`stop ${long.id}`, 'U0LILEI');
    for (const text of [`status ${ran.id}`, `result ${ran.id} --csv`, `logview ${ran.id}`, 'list all']) {
      await command(text, 'U0ADA');
    }
    await command('run select 1', 'U0CAROL');
    await command('run select 1', 'U0GRACE');

    const temporary = await Promise.all(
      [
        { roleArn: LOCAL_ANALYST_ROLE, sessionName: 'slack.U0ADA' },
        { roleArn: LOCAL_ADMIN_ROLE, sessionName: 'slack.U0LILEI' },
      ].map((session) => door.parts.identity.credentials.credentials(session)),
    );
    assert.equal(door.parts.identity.credentials.stats().assumes, 3, 'two people assumed once each, and the refusal');
    const personal = temporary.flatMap((credentials, index) => [
      { name: `person ${index} secret`, needle: credentials.accessKeySecret },
      { name: `person ${index} token`, needle: credentials.securityToken },
    ]);
    const found = captured(door, replies).flatMap(([where, text]) => [
      ...leaks(where, text),
      ...personal.filter(({ needle }) => text.includes(needle)).map(({ name }) => `${name} in ${where}`),
    ]);
    assert.deepEqual(found, []);
  });
});

describe("the product's loggers mask every secret they are given", () => {
  it('on AWS: the signing secret, bot token, access key secret and STS token', async () => {
    const parts = await loadAwsParts({
      SLACK_SIGNING_SECRET: SECRETS.signingSecret,
      SLACK_BOT_TOKEN: SECRETS.botToken,
      SLACK_BOT_ID: 'B0BOT',
      SLACK_BOT_USER_ID: 'U0BOT',
      ODPS_ENDPOINT: 'http://127.0.0.1:9/api',
      ODPS_PROJECT_NAME: 'test_proj',
      ALIBABA_CLOUD_ACCESS_KEY_ID: ACCESS_ID,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRETS.accessKeySecret,
      ALIBABA_CLOUD_SECURITY_TOKEN: SECRETS.securityToken,
      ODPS_TABLE_NAME: 'odps_instances',
      ODPS_EVENT_BUS_NAME: 'odps-chatops',
      AWS_REGION: 'us-east-1',
    });
    // The AWS logger writes to stdout, as Lambda's log capture wants: borrow it for one synchronous call.
    const lines: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
    try {
      parts.logger.error(`careless: ${Object.values(SECRETS).join(' ')}`, { detail: Object.values(SECRETS) });
    } finally {
      process.stdout.write = write;
    }
    assert.equal(lines.length, 1);
    assert.deepEqual(leaks('the AWS log line', lines.join('')), []);
    assert.equal(lines[0]?.match(/\[redacted\]/g)?.length, 8);
  });

  it('a secret with characters JSON escapes is masked as it appears in the line', () => {
    const lines: string[] = [];
    const secret = 'quote"back\\slash\u0001control';
    const logger = jsonLogger({ secrets: [secret], write: (line) => lines.push(line) });
    logger.error(`message ${secret}`, { field: `value ${secret}` });
    assert.ok(!lines[0]?.includes(JSON.stringify(secret).slice(1, -1)), lines[0]);
    assert.deepEqual(JSON.parse(lines[0] ?? '{}').message, 'message [redacted]');
  });
});
