import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCommand } from '../../src/slack/commands/grammar/index.ts';
import { classifySql } from '../../src/slack/guard/index.ts';
import { ACTION } from '../../src/slack/messages/message.ts';
import { CODES, CORPUS } from '../slack/guard/read-only-corpus.ts';
import { PROJECT, useFrontDoor } from '../support/front-door.ts';
import { blockActionsBody, buttonClickPayload, viewSubmissionPayload } from '../support/slack-requests.ts';
import { lastCard, slackEscape } from './support.ts';

/**
 * Who may do what, through the signed front door (the request guard and Bolt on the Lambda path,
 * on the local stack's loopback parts): the workspace, channel and user allowlists, stopping by a
 * non-owner and by an admin, and read-only channels against the guard's corpus. A refusal is an
 * answer to the user and nothing else: not one request reaches MaxCompute.
 */
const door = await useFrontDoor({
  env: {
    ODPS_ALLOWED_TEAMS: 'T0TEAM',
    ODPS_ALLOWED_CHANNELS: 'C0CHAN,C0READ',
    ODPS_ALLOWED_USERS: 'U0USER,U0OTHER',
    ODPS_ADMINS: 'U0ADMIN',
    ODPS_READ_ONLY_CHANNELS: 'C0READ',
  },
  emulator: { defaultDurationMs: 60_000 },
});
const ID = '20160519101349613gzbzufck2';

function requests(): number {
  return door.emulator.stats().requests;
}

function stops(): number {
  return Object.entries(door.emulator.stats().byKind)
    .filter(([kind]) => kind.startsWith('PUT'))
    .reduce((sum, [, count]) => sum + count, 0);
}

async function startRunning(userId = 'U0USER'): Promise<{ id: string; ts: string }> {
  const reply = await door.command('run select 1 as running', { userId });
  assert.match(reply.body.text ?? '', /Submitting/);
  await door.drain();
  return lastCard(door.standin);
}

function click(
  action: string,
  value: string,
  messageTs: string,
  who: { userId: string; channelId?: string; teamId?: string },
) {
  const channelId = who.channelId ?? 'C0CHAN';
  return door.deliver(
    blockActionsBody(
      buttonClickPayload({
        actionId: action,
        value,
        messageTs,
        userId: who.userId,
        channelId,
        ...(who.teamId ? { teamId: who.teamId } : {}),
        responseUrl: door.standin.newResponseUrl({ channelId, userId: who.userId }),
      }),
    ),
  );
}

/** The ephemeral answer a button press got through its response_url. */
function lastResponseText(): string {
  return String(door.standin.responses().at(-1)?.body.text ?? '');
}

describe('allowlists', () => {
  const COMMANDS = [
    'run select 1',
    `status ${ID}`,
    `stop ${ID}`,
    `result ${ID}`,
    `logview ${ID}`,
    'list',
    `watch ${ID}`,
  ];

  it('a workspace that is not allowed: every command refused, nothing reaches MaxCompute', async () => {
    door.emulator.resetStats();
    for (const text of COMMANDS) {
      const reply = await door.command(text, { teamId: 'T0EVIL' });
      assert.match(reply.body.text ?? '', /workspace is not allowed/, text);
    }
    await door.drain();
    assert.equal(requests(), 0);
  });

  it('a channel that is not allowed: every command refused, nothing reaches MaxCompute', async () => {
    door.emulator.resetStats();
    for (const text of COMMANDS) {
      const reply = await door.command(text, { channelId: 'C0ELSEWHERE' });
      assert.match(reply.body.text ?? '', /not enabled in this channel/, text);
    }
    await door.drain();
    assert.equal(requests(), 0);
  });

  it('a user who is not on the list may read but not run SQL', async () => {
    door.emulator.resetStats();
    const run = await door.command('run select 1', { userId: 'U0STRANGER' });
    assert.match(run.body.text ?? '', /not on the list of people who may run SQL/);
    await door.drain();
    assert.equal(requests(), 0, 'the refused run sent nothing');
    const list = await door.command('list', { userId: 'U0STRANGER' });
    assert.match(list.body.text ?? '', /Instances in test_proj|No instances in test_proj/);
  });

  it('the SQL modal applies the same lists to the person submitting it', async () => {
    door.emulator.resetStats();
    for (const [userId, channelId, teamId, expected] of [
      ['U0STRANGER', 'C0CHAN', 'T0TEAM', /not on the list/],
      ['U0USER', 'C0ELSEWHERE', 'T0TEAM', /not enabled in this channel/],
      ['U0USER', 'C0CHAN', 'T0EVIL', /workspace is not allowed/],
      ['U0USER', 'C0READ', 'T0TEAM', /read-only/],
    ] as const) {
      const payload = viewSubmissionPayload({
        callbackId: 'odps_run_modal',
        userId,
        teamId,
        privateMetadata: JSON.stringify({ channelId, project: PROJECT, locale: 'en' }),
        values: {
          sql: { sql_input: { type: 'plain_text_input', value: 'drop table pyodps_iris' } },
          project: { project_input: { type: 'plain_text_input', value: PROJECT } },
        },
      });
      const reply = await door.deliver(blockActionsBody(payload));
      assert.equal(reply.statusCode, 200);
      await door.drain();
      const answer = door.standin.calls('chat.postEphemeral').at(-1);
      assert.match(String(answer?.args.text), expected, `${userId} ${channelId} ${teamId}`);
    }
    assert.equal(requests(), 0);
  });
});

describe('stopping', () => {
  it('a non-owner cannot stop, by command or button; nothing is sent to MaxCompute', async () => {
    const card = await startRunning('U0USER');
    const before = stops();
    const command = await door.command(`stop ${card.id}`, { userId: 'U0OTHER' });
    assert.match(command.body.text ?? '', /Only the person who started/);
    const button = await click(ACTION.stop, `${PROJECT}/${card.id}`, card.ts, { userId: 'U0OTHER' });
    assert.equal(button.statusCode, 200);
    await door.drain();
    assert.match(lastResponseText(), /Only the person who started/);
    assert.equal(stops(), before, 'no stop request');
  });

  it('an admin (or the owner) may stop it', async () => {
    const byAdmin = await startRunning('U0USER');
    let before = stops();
    await click(ACTION.stop, `${PROJECT}/${byAdmin.id}`, byAdmin.ts, { userId: 'U0ADMIN' });
    await door.drain();
    assert.match(lastResponseText(), /Stop requested/);
    assert.equal(stops(), before + 1);
    const byOwner = await startRunning('U0OTHER');
    before = stops();
    const reply = await door.command(`stop ${byOwner.id}`, { userId: 'U0OTHER' });
    assert.match(reply.body.text ?? '', /Stop requested/);
    assert.equal(stops(), before + 1);
  });

  it('an admin outside the allowed channels or workspace cannot stop either', async () => {
    const card = await startRunning('U0USER');
    const before = stops();
    const elsewhere = await door.command(`stop ${card.id}`, { userId: 'U0ADMIN', channelId: 'C0ELSEWHERE' });
    assert.match(elsewhere.body.text ?? '', /not enabled in this channel/);
    await click(ACTION.stop, `${PROJECT}/${card.id}`, card.ts, { userId: 'U0ADMIN', teamId: 'T0EVIL' });
    await door.drain();
    assert.match(lastResponseText(), /workspace is not allowed/);
    assert.equal(stops(), before);
    // Tidy up: the owner stops it, so the emulator's clock has nothing left running.
    await door.command(`stop ${card.id}`, { userId: 'U0USER' });
  });
});

/**
 * The corpus entries the front door delivers to the classifier unchanged: `/odps run <sql>` with
 * Slack's escaping parses back to exactly the corpus SQL. (Entries the parser changes on the way,
 * such as the empty ones, which open the SQL modal, or those with zero-width characters, which it
 * removes, are covered by the classifier test below and by the cases after it.)
 */
const THROUGH_THE_DOOR = CORPUS.filter(([sql]) => {
  const parsed = parseCommand(`run ${slackEscape(sql)}`);
  return parsed.kind === 'run' && parsed.sql === sql && sql !== '' && Object.keys(parsed.hints).length === 0;
});

describe('read-only channels', () => {
  it(`the whole corpus (${CORPUS.length} statements) gets its expected verdict from the classifier`, (t) => {
    let refused = 0;
    for (const [sql, expected] of CORPUS) {
      const verdict = classifySql(sql);
      if (expected === 'read') {
        assert.equal(verdict.readOnly, true, JSON.stringify(sql));
        continue;
      }
      refused++;
      assert.equal(verdict.readOnly, false, JSON.stringify(sql));
      if (!verdict.readOnly) assert.equal(verdict.reason.code, CODES[expected[0]], JSON.stringify(sql));
    }
    t.diagnostic(`${CORPUS.length} statements: ${CORPUS.length - refused} read-only, ${refused} refused`);
  });

  it(`a signed /odps run in a read-only channel is refused before MaxCompute (${THROUGH_THE_DOOR.filter(([, e]) => e !== 'read').length} refusals)`, async (t) => {
    assert.ok(
      THROUGH_THE_DOOR.length >= 150,
      `${THROUGH_THE_DOOR.length} corpus entries reach the classifier unchanged`,
    );
    await door.drain();
    const before = requests();
    let refused = 0;
    for (const [sql, expected] of THROUGH_THE_DOOR) {
      if (expected === 'read') continue;
      const reply = await door.command(`run ${slackEscape(sql)}`, { channelId: 'C0READ' });
      assert.equal(reply.statusCode, 200);
      assert.match(reply.body.text ?? '', /read-only/, JSON.stringify(sql));
      refused++;
    }
    await door.drain();
    assert.equal(requests(), before, 'not one request reached MaxCompute');
    t.diagnostic(`${refused} write, multi-statement and unreadable statements refused through the front door`);
  });

  it('invisible characters the parser removes leave a write that is still refused', async () => {
    const before = requests();
    for (const sql of [
      'dr\u200bop table pyodps_iris',
      'select 1; dr\u2060op table pyodps_iris',
      '\ufeffinsert into t select 1',
      'sel\u200bect 1;\u200b drop table t',
      'select\u00a01;\u3000delete from t',
    ]) {
      const reply = await door.command(`run ${slackEscape(sql)}`, { channelId: 'C0READ' });
      assert.match(reply.body.text ?? '', /read-only/, JSON.stringify(sql));
    }
    await door.drain();
    assert.equal(requests(), before);
  });

  it('read-only statements from the corpus are accepted there (a sample of them)', async () => {
    const reads = THROUGH_THE_DOOR.filter(([, expected]) => expected === 'read').filter((_, n) => n % 4 === 0);
    for (const [sql] of reads) {
      const reply = await door.command(`run ${slackEscape(sql)}`, { channelId: 'C0READ' });
      assert.match(reply.body.text ?? '', /Submitting/, JSON.stringify(sql));
    }
    await door.drain();
  });

  it('ODPS_READ_ONLY makes every channel read-only', async () => {
    const global = await useFrontDoor({ env: { ODPS_READ_ONLY: 'true' } });
    for (const [sql, expected] of THROUGH_THE_DOOR.filter((_, n) => n % 10 === 0)) {
      const reply = await global.command(`run ${slackEscape(sql)}`, { channelId: 'C0ANY' });
      assert.match(reply.body.text ?? '', expected === 'read' ? /Submitting/ : /read-only/, JSON.stringify(sql));
    }
    await global.drain();
  });
});
