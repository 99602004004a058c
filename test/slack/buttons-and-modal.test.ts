import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEMO_ACCOUNT } from '../../src/emulator/index.ts';
import { MaxComputeClient } from '../../src/maxcompute/client.ts';
import { ACTION } from '../../src/slack/messages/message.ts';
import { PROJECT, useFrontDoor } from '../support/front-door.ts';
import { blockActionsBody, viewSubmissionPayload } from '../support/slack-requests.ts';

const door = await useFrontDoor();

function lastCard() {
  const call = door.standin.calls('chat.postMessage').at(-1);
  const id = (call?.args.metadata as { event_payload?: { instance_id?: string } } | undefined)?.event_payload
    ?.instance_id;
  const ts = (call?.response as { ts?: string } | undefined)?.ts;
  assert.ok(id && ts, 'a job card was posted');
  return { id, ts };
}

describe('the SQL modal', () => {
  it('a submitted modal runs its SQL in the channel it was opened from', async () => {
    const payload = viewSubmissionPayload({
      callbackId: 'odps_run_modal',
      privateMetadata: JSON.stringify({ channelId: 'C0CHAN', project: PROJECT, locale: 'en' }),
      values: {
        sql: { sql_input: { type: 'plain_text_input', value: 'select 7 as seven' } },
        project: { project_input: { type: 'plain_text_input', value: PROJECT } },
      },
    });
    const reply = await door.deliver(blockActionsBody(payload));
    assert.equal(reply.statusCode, 200);
    await door.drain();
    const { id } = lastCard();
    assert.ok((await door.store.get({ project: PROJECT, instanceId: id }))?.sql?.includes('select 7 as seven'));
    const ephemeral = door.standin.calls('chat.postEphemeral').at(-1);
    assert.match(String(ephemeral?.args.text), /Submitting your query/);
    assert.ok(
      door.logs.some((line) => line.includes('"audit"') && line.includes('"command":"run"') && line.includes('modal')),
    );
  });

  it('SQL of only spaces or a bad project gets errors that say what is wrong, in the modal’s language', async () => {
    const submit = async (locale: string, sql: string, project: string) => {
      const payload = viewSubmissionPayload({
        callbackId: 'odps_run_modal',
        privateMetadata: JSON.stringify({ channelId: 'C0CHAN', project: PROJECT, locale }),
        values: {
          sql: { sql_input: { type: 'plain_text_input', value: sql } },
          project: { project_input: { type: 'plain_text_input', value: project } },
        },
      });
      const reply = await door.deliver(blockActionsBody(payload));
      assert.equal(reply.body.response_action, 'errors');
      return reply.body.errors as Record<string, string>;
    };
    assert.deepEqual(await submit('en', ' \n\t ', PROJECT), {
      sql: 'Type the SQL to run: this box is empty or holds only spaces.',
    });
    assert.deepEqual(await submit('zh-CN', '   ', 'no such!'), {
      sql: '请输入要运行的 SQL：此框为空或只有空白。',
      project: '项目名只能包含字母、数字和下划线（最多 128 个字符），例如 my_project。',
    });
  });

  it('a forged modal (no channel in its metadata) is refused with a field error and runs nothing', async () => {
    const before = door.emulator.stats().byKind['POST instances'] ?? 0;
    const payload = viewSubmissionPayload({
      callbackId: 'odps_run_modal',
      privateMetadata: 'not json',
      values: {
        sql: { sql_input: { type: 'plain_text_input', value: 'select 1' } },
        project: { project_input: { type: 'plain_text_input', value: PROJECT } },
      },
    });
    const reply = await door.deliver(blockActionsBody(payload));
    assert.equal(reply.statusCode, 200);
    assert.equal(reply.body.response_action, 'errors');
    assert.match(JSON.stringify(reply.body.errors), /lost the channel it was opened from/);
    await door.drain();
    assert.equal((door.emulator.stats().byKind['POST instances'] ?? 0) - before, 0);
  });
});

describe('card buttons', () => {
  it('Refresh redraws the card in place with the current state', async () => {
    await door.command('run select 8');
    await door.drain();
    const { id, ts } = lastCard();
    await sleep(400);
    const updates = door.standin.calls('chat.update').length;
    const click = await door.click(ACTION.refresh, `${PROJECT}/${id}`, ts);
    assert.equal(click.statusCode, 200);
    assert.equal(door.standin.calls('chat.update').length, updates + 1);
    const card = door.standin.channel('C0CHAN').find((message) => message.ts === ts);
    assert.ok(card?.edited);
    assert.ok(JSON.stringify(card.blocks).includes('Succeeded'), JSON.stringify(card.blocks));
    assert.ok(door.logs.some((line) => line.includes('"audit"') && line.includes('"action":"refresh"')));
  });

  it('Stop by someone else is refused privately and the instance keeps running', async () => {
    await door.command('run --hint emulator.duration.ms=60000 select 9');
    await door.drain();
    const { id, ts } = lastCard();
    const before = door.standin.responses().length;
    await door.click(ACTION.stop, `${PROJECT}/${id}`, ts, 'U0OTHER');
    const answer = door.standin.responses().slice(before).at(-1);
    assert.match(JSON.stringify(answer?.body), /Only the person who started/);
    const status = await door.command(`status ${id}`);
    assert.match(status.body.text ?? '', /Running/);
  });
});

describe('XFlow Logview', () => {
  it('logview lists one link per XFlow sub-instance, with its name', async () => {
    const client = new MaxComputeClient({
      endpoint: door.emulator.endpoint,
      project: PROJECT,
      credentials: DEMO_ACCOUNT,
    });
    const xflow = await client.runXflow('Split', 'algo_public', {
      inputTableName: 'pyodps_iris',
      output1TableName: 'x_train',
      output2TableName: 'x_test',
      fraction: '0.5',
    });
    await xflow.waitForSuccess({ intervalMs: 50, maxIntervalMs: 100 });
    const reply = await door.command(`logview ${xflow.id}`);
    const text = JSON.stringify(reply.body.blocks);
    const links = text.match(/logview\/\?h=/g) ?? [];
    assert.equal(links.length, 2, text);
    assert.ok(!text.includes(`i=${xflow.id}&`), 'links point at the sub-instances');
  });
});

describe('list paging', () => {
  it('lists newest first, 15 a page, and Next replaces the message with the next page', async () => {
    const ids: string[] = [];
    for (let n = 0; n < 17; n++) {
      const instance = await door.parts.gateway.submitSql({
        project: PROJECT,
        sql: `select ${n}`,
        hints: {},
        guid: `paging-${n}`,
      });
      ids.push(instance.instanceId);
    }
    const first = await door.command('list all');
    const text = JSON.stringify(first.body.blocks);
    const newest = ids.at(-1) ?? '';
    assert.ok(text.includes(newest), 'the newest instance is on page 1');
    assert.ok(!text.includes(ids[0] ?? 'none'), 'the oldest is not');
    assert.match(text, /Page 1 of \d/);
    const next = (first.body.blocks as { type: string; elements?: { action_id: string; value: string }[] }[])
      .find((block) => block.type === 'actions')
      ?.elements?.find((element) => element.action_id === ACTION.listNext);
    assert.ok(next);
    const before = door.standin.responses().length;
    await door.click(ACTION.listNext, next.value, '1700000000.000100');
    const replaced = door.standin.responses().slice(before).at(-1);
    assert.equal(replaced?.body.replace_original, true);
    assert.match(JSON.stringify(replaced?.body.blocks), /Page 2 of/);
    assert.ok(JSON.stringify(replaced?.body.blocks).includes(ids[0] ?? 'none'));
  });

  it('a forged Next value does nothing', async () => {
    const before = door.standin.responses().length;
    const reply = await door.click(ACTION.listNext, '{"s":"all","p":"../x","m":1,"g":2}', '1700000000.000100');
    assert.equal(reply.statusCode, 200);
    assert.equal(door.standin.responses().length, before);
  });
});
