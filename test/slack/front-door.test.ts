import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEMO_ACCOUNT } from '../../src/emulator/index.ts';
import { MaxComputeClient } from '../../src/maxcompute/index.ts';
import { ACTION } from '../../src/slack/messages/message.ts';
import { PROJECT, SIGNING_SECRET, useFrontDoor } from '../support/front-door.ts';
import { slashCommandBody } from '../support/slack-requests.ts';

const door = await useFrontDoor({ env: { ODPS_ADMINS: 'U0ADMIN', ODPS_READ_ONLY_CHANNELS: 'C0READ' } });

/** The job card the worker posted for an instance, as the channel shows it. */
function cardOf(instanceId: string, channel = 'C0CHAN') {
  return door.standin
    .channel(channel)
    .find((message) => JSON.stringify(message.blocks ?? []).includes(instanceId) && message.threadTs === undefined);
}

/** The instance id on the last job card the worker posted (cards carry it in message metadata). */
function lastCardInstanceId(): string {
  const metadata = door.standin.calls('chat.postMessage').at(-1)?.args.metadata as
    | { event_payload?: { instance_id?: string } }
    | undefined;
  const id = metadata?.event_payload?.instance_id;
  assert.ok(id, 'the job card carries the instance id');
  return id;
}

async function runAndGetInstance(sql: string, fields: { userId?: string } = {}): Promise<string> {
  const reply = await door.command(`run ${sql}`, fields);
  assert.equal(reply.statusCode, 200);
  assert.equal(reply.body.response_type, 'ephemeral');
  await door.drain();
  return lastCardInstanceId();
}

describe('/odps run', () => {
  it('acknowledges at once, then the worker submits and posts the job card with Stop, Logview and Refresh', async () => {
    const reply = await door.command('run ```sql\nselect * from pyodps_iris limit 3\n```');
    assert.match(reply.body.text ?? '', /Submitting your query to test_proj/);
    await door.drain();
    const posted = door.standin.calls('chat.postMessage').at(-1);
    assert.ok(posted);
    const id = (posted.args.metadata as { event_payload: { instance_id: string } }).event_payload.instance_id;
    const card = cardOf(id);
    assert.ok(card?.ts);
    const blocks = JSON.stringify(card.blocks);
    for (const action of [ACTION.stop, ACTION.logview, ACTION.refresh]) assert.ok(blocks.includes(action), action);
    assert.ok(blocks.includes('select * from pyodps_iris limit 3'));
    assert.equal(String(posted.args.unfurl_links), 'false');
    const tracked = await door.store.get({ project: PROJECT, instanceId: id });
    assert.equal(tracked?.cardTs, card.ts);
    assert.equal(tracked?.requestedBy, 'U0USER');
    assert.ok(door.logs.some((line) => line.includes('"audit"') && line.includes('"command":"run"')));
  });

  it('a redelivered request (same trigger id) never submits twice', async () => {
    const before = door.emulator.stats().byKind['POST instances'] ?? 0;
    const body = slashCommandBody({ text: 'run select 1', triggerId: '1234.5678.samesame' });
    const sent = Math.floor(Date.now() / 1000);
    const first = await door.deliver(body, { timestampSeconds: sent });
    // Redelivered as Slack would: the same body, signed again with a fresh timestamp (the same
    // signature twice is a replay, refused before any listener; test/security/signatures.test.ts).
    const second = await door.deliver(body, { timestampSeconds: sent + 1 });
    await door.drain();
    assert.match(first.body.text ?? '', /Submitting/);
    assert.match(second.body.text ?? '', /already handled/);
    // The query's cost estimate (an instance of its own) and the query: each once.
    assert.equal((door.emulator.stats().byKind['POST instances'] ?? 0) - before, 2);
  });

  it('with no SQL opens the SQL modal; its submission runs the SQL', async () => {
    const reply = await door.command('run');
    assert.equal(reply.statusCode, 200);
    const opened = door.standin.calls('views.open').at(-1);
    assert.ok(opened);
    const view = opened.args.view as { callback_id: string; private_metadata: string };
    assert.equal(view.callback_id, 'odps_run_modal');
  });

  it('a long SQL’s card counts its whole length, not the stored copy’s', async () => {
    const sql = `select '${'x'.repeat(5021 - "select ''".length)}'`;
    assert.equal(sql.length, 5021);
    const id = await runAndGetInstance(sql);
    const blocks = (cardOf(id)?.blocks ?? []) as { block_id?: string }[];
    const note = JSON.stringify(blocks.find((block) => block.block_id === 'sql_note'));
    assert.match(note, /SQL truncated: 1,500 of 5,021 characters/);
    const stored = await door.store.get({ project: PROJECT, instanceId: id });
    assert.equal(stored?.sql?.length, 4000);
    assert.equal(stored?.sqlLength, 5021);
  });

  it('read-only channels refuse writes with a reason and run SELECTs', async () => {
    const refused = await door.command('run drop table pyodps_iris', { channelId: 'C0READ' });
    assert.match(refused.body.text ?? '', /read-only/);
    assert.match(refused.body.text ?? '', /drop table/i);
    const allowed = await door.command('run select 1', { channelId: 'C0READ' });
    assert.match(allowed.body.text ?? '', /Submitting/);
    await door.drain();
  });

  it('SQL results containing <!channel> stay inert on the card', async () => {
    // Slack escapes what a person types: a literal <!channel> in the composer arrives as &lt;!channel&gt;.
    const id = await runAndGetInstance("select '&lt;!channel&gt; &lt;@U123ABC&gt;' as x");
    const card = cardOf(id);
    const blocks = JSON.stringify(card?.blocks ?? []);
    // The SQL is shown literally, in a rich-text element, where mention syntax is plain text...
    assert.ok(blocks.includes(`"type":"text","text":"select '<!channel> <@U123ABC>' as x"`), blocks);
    // ...and no mrkdwn text or fallback anywhere on the card carries it live.
    const mrkdwn = [
      card?.text ?? '',
      ...[...blocks.matchAll(/"type":"mrkdwn","text":"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]),
    ];
    for (const text of mrkdwn) assert.ok(!text?.includes('<!channel>') && !text?.includes('<@U123ABC>'), text);
  });
});

describe('/odps status, logview, list, watch, stop, result', () => {
  it('status shows the status, is_successful, tasks and the stage string', async () => {
    const id = await runAndGetInstance('select 1', {});
    const running = await door.command(`status ${id}`);
    assert.match(running.body.text ?? '', new RegExp(`${id}: (Running|Terminated)`));
    await sleep(400);
    const done = await door.command(`status ${id}`);
    const text = JSON.stringify(done.body.blocks);
    assert.ok(text.includes('Terminated') && text.includes('AnonymousSQLTask'), text);
  });

  it('logview answers with a link to the instance', async () => {
    const id = await runAndGetInstance('select 2');
    const reply = await door.command(`logview ${id}`);
    assert.ok(JSON.stringify(reply.body.blocks).includes(`i=${id}`));
  });

  it('list shows recent instances; mine only the caller’s', async () => {
    const mine = await runAndGetInstance('select 3', { userId: 'U0BOB' });
    const all = await door.command('list all');
    assert.ok(JSON.stringify(all.body.blocks).includes(mine));
    const bobs = await door.command('list mine', { userId: 'U0BOB' });
    assert.ok(JSON.stringify(bobs.body.blocks).includes(mine));
    const others = await door.command('list mine', { userId: 'U0CAROL' });
    assert.ok(!JSON.stringify(others.body.blocks).includes(mine));
  });

  it('list with no scope shows the recent instances, ended ones with their outcome', async () => {
    const succeeded = await runAndGetInstance('select 31');
    const failed = await runAndGetInstance('--hint emulator.fail=boom select 31');
    const running = await runAndGetInstance('--hint emulator.duration.ms=60000 select 32');
    const stopped = await runAndGetInstance('--hint emulator.duration.ms=60000 select 33');
    await door.command(`stop ${stopped}`);
    await door.drain();
    await sleep(600);
    const reply = await door.command('list');
    const lines = (reply.body.blocks ?? []).flatMap((block) => {
      const text = (block as { text?: { text?: string } }).text?.text ?? '';
      return text.split('\n');
    });
    const lineOf = (id: string) => lines.find((line) => line.includes(id)) ?? '';
    assert.match(lineOf(succeeded), / · Succeeded · /);
    assert.match(lineOf(failed), / · Failed · /);
    assert.match(lineOf(stopped), / · Stopped · /);
    assert.match(lineOf(running), / · Running · /);
    await door.command(`stop ${running}`);
  });

  it('stop: a non-owner is refused, the owner stops it, a second stop says already finished', async () => {
    const long = await runAndGetInstance('--hint emulator.duration.ms=60000 select * from pyodps_iris', {
      userId: 'U0OWNER',
    });
    const refused = await door.command(`stop ${long}`, { userId: 'U0OTHER' });
    assert.match(refused.body.text ?? '', /Only the person who started/);
    const stopped = await door.command(`stop ${long}`, { userId: 'U0OWNER' });
    assert.match(stopped.body.text ?? '', /Stop requested/);
    const again = await door.command(`stop ${long}`, { userId: 'U0ADMIN' });
    assert.match(again.body.text ?? '', /already finished/);
  });

  it('the Stop button stops the instance and the card is redrawn as stopped', async () => {
    const reply = await door.command('run --hint emulator.duration.ms=60000 select * from pyodps_iris');
    assert.equal(reply.statusCode, 200);
    await door.drain();
    const id = lastCardInstanceId();
    const card = cardOf(id);
    assert.ok(card?.ts);
    const click = await door.click(ACTION.stop, `${PROJECT}/${id}`, card.ts);
    assert.equal(click.statusCode, 200);
    await door.drain();
    const redrawn = cardOf(id);
    assert.ok(JSON.stringify(redrawn?.blocks).includes('Stopped'), JSON.stringify(redrawn?.blocks));
    assert.ok(!JSON.stringify(redrawn?.blocks).includes(ACTION.stop), 'no Stop button on a stopped card');
  });

  it('a watched instance’s card gives the time MaxCompute started it, not the time of the watch', async () => {
    const client = new MaxComputeClient({
      endpoint: door.emulator.endpoint,
      project: PROJECT,
      credentials: DEMO_ACCOUNT,
    });
    const instance = await client.runSql('select 41', { hints: { 'emulator.duration.ms': 60_000 } });
    const started = (await instance.getStatusInfo()).startTime;
    assert.ok(started);
    await sleep(1100);
    await door.command(`watch ${instance.id}`, { channelId: 'C0WATCH' });
    const card = cardOf(instance.id, 'C0WATCH');
    const seconds = Math.floor(started.getTime() / 1000);
    assert.match(JSON.stringify(card?.blocks), new RegExp(`submitted <!date\\^${seconds}\\^`));
    await instance.stop();
  });

  it('watch of an instance the bot already tracks says so instead of a second card', async () => {
    const elsewhere = await door.command('run select 4');
    assert.equal(elsewhere.statusCode, 200);
    await door.drain();
    const id = lastCardInstanceId();
    const watched = await door.command(`watch ${id}`, { channelId: 'C0OTHER' });
    // It is tracked already, from the channel where it was run.
    assert.match(watched.body.text ?? '', /already being watched/);
  });

  it('result re-posts the preview (as many rows as run --limit asked) in the channel, with the CSV when asked', async () => {
    const run = await door.command('run --limit 7 select * from pyodps_iris limit 30');
    assert.equal(run.statusCode, 200);
    await door.drain();
    const id = lastCardInstanceId();
    assert.equal((await door.store.get({ project: PROJECT, instanceId: id }))?.previewRows, 7);
    await sleep(400);
    const reply = await door.command(`result ${id} --csv`);
    assert.match(reply.body.text ?? '', /Working on it/);
    await door.drain();
    const files = door.standin.files().filter((file) => file.filename === `${id}.csv`);
    assert.equal(files.length, 1);
    assert.ok(files[0]?.content.toString().startsWith('"sepallength"'));
    const preview = door.standin
      .calls('chat.postMessage')
      .find((call) => JSON.stringify(call.args.blocks).includes(`first 7 of 30`));
    assert.ok(preview, 'the preview shows the first 7 of 30 rows');
  });
});

describe('refusals and help', () => {
  it('anything unparseable gets a short usage message naming the problem', async () => {
    const reply = await door.command('frobnicate now');
    assert.equal(reply.body.response_type, 'ephemeral');
    assert.match(reply.body.text ?? '', /"frobnicate" is not an \/odps command/);
    const badId = await door.command('status ../../etc/passwd');
    assert.match(badId.body.text ?? '', /not an instance id/);
  });

  it('help lists the commands', async () => {
    const reply = await door.command('help');
    assert.ok(JSON.stringify(reply.body.blocks).includes('/odps run'));
  });

  it('a bad signature gets 401 and runs nothing', async () => {
    const before = door.standin.calls().length;
    const reply = await door.deliver(slashCommandBody({ text: 'run select 1' }), { signature: 'v0=00' });
    assert.equal(reply.statusCode, 401);
    const stale = await door.deliver(slashCommandBody({ text: 'run select 1' }), {
      timestampSeconds: Math.floor(Date.now() / 1000) - 600,
    });
    assert.equal(stale.statusCode, 401);
    const missing = await door.deliver(slashCommandBody({ text: 'run select 1' }), { signature: '' });
    assert.equal(missing.statusCode, 401);
    await door.drain();
    assert.equal(door.standin.calls().length, before);
  });

  it('never logs the signing secret or the bot token', () => {
    const all = door.logs.join('\n');
    assert.ok(!all.includes(SIGNING_SECRET));
    assert.ok(!all.includes('xoxb-standin'));
  });
});

describe('Slack failures', () => {
  it('a rate-limited card post waits out Retry-After in the worker and still lands', async () => {
    door.standin.failNext('chat.postMessage', { kind: 'ratelimited', retryAfterSeconds: 1 });
    const reply = await door.command('run select 5');
    assert.equal(reply.statusCode, 200);
    await door.drain();
    const id = lastCardInstanceId();
    assert.ok(cardOf(id)?.ts);
  });

  it('a channel the bot is not in gets a private "invite me" answer; the instance is still tracked', async () => {
    door.standin.failNext('chat.postMessage', { kind: 'error', error: 'not_in_channel' });
    const before = door.standin.responses().length;
    await door.command('run select 6');
    await door.drain();
    const answers = door.standin.responses().slice(before);
    assert.ok(
      answers.some((answer) => JSON.stringify(answer.body).includes('Invite the bot')),
      JSON.stringify(answers),
    );
  });

  it('a 10,000-row result is previewed within Block Kit limits and attached whole as CSV', async () => {
    const id = await runAndGetInstance('select range as n, repeat(chr(60), 30) as wide from range(10000)');
    await sleep(400);
    await door.command(`result ${id}`);
    await door.drain();
    const file = door.standin.files().find((each) => each.filename === `${id}.csv`);
    assert.ok(file);
    assert.equal(file.content.toString().trimEnd().split('\n').length, 10_001);
    const preview = door.standin
      .calls('chat.postMessage')
      .find((call) => JSON.stringify(call.args.blocks).includes('"type":"table"'));
    assert.ok(preview, 'the stand-in accepted the preview (it rejects blocks over the limits)');
  });
});

describe('when MaxCompute is slow', () => {
  it('acknowledges within the budget, hands the command to the worker, and the answer follows by response_url', async () => {
    const id = await runAndGetInstance('select 10');
    door.emulator.faults.set({ stallRate: 1, stallMs: 1500 });
    try {
      const before = door.standin.responses().length;
      const reply = await door.command(`status ${id}`);
      assert.ok(reply.ms < 1500, `acknowledged in ${reply.ms.toFixed(0)} ms`);
      assert.match(reply.body.text ?? '', /slow to answer/);
      await door.drain();
      const answer = door.standin.responses().slice(before).at(-1);
      assert.match(JSON.stringify(answer?.body), new RegExp(`Instance ${id}`));
    } finally {
      door.emulator.faults.reset();
    }
  });
});
