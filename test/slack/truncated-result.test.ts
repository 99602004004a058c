import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useFrontDoor } from '../support/front-door.ts';
import { waitFor } from '../support/wait-for.ts';

/**
 * A result MaxCompute's `?result` cut at 10,000 rows (the emulator says `SelectResultStatus:
 * TRUNCATED`, as MaxCompute does) is never presented as the whole result: the notice and `/odps
 * result` say the whole of it is read through the Instance Tunnel, and the file under them holds
 * every row (the notice's export runs in the worker, not in the poller's tick).
 */
const door = await useFrontDoor({ env: { ODPS_CHANNEL_LOCALES: 'C0ZH=zh-CN' } });
door.standin.setUser('U0ZHUSER', { name: 'li', locale: 'zh-CN' });
// 150 × 150 = 22,500 rows: past the cap.
const CROSS_JOIN = 'select a.sepallength from pyodps_iris a cross join pyodps_iris b';

/** The CSV under an instance's notice, ticking the poller (as the schedule would) until it is there. */
function csvOf(id: string) {
  return waitFor(async () => {
    await door.poller.tick();
    return door.standin.files().find((each) => each.filename === `${id}.csv`);
  });
}

function threadOf(cardTs: string) {
  return door.standin.channel('C0CHAN').filter((message) => message.threadTs === cardTs);
}

describe('a result MaxCompute cut at 10,000 rows', () => {
  it('the notice says the whole result is exported, and the worker attaches every row; never a partial file called full', async () => {
    const id = await door.run(CROSS_JOIN);
    const card = door.standin.channel('C0CHAN').find((message) => JSON.stringify(message.metadata).includes(id));
    assert.ok(card?.ts);
    const file = await csvOf(id);
    await door.drain();
    assert.equal(file.content.toString().trimEnd().split('\n').length, 22_501);
    assert.match(
      file.initialComment ?? '',
      /^Full result as CSV \(22,500 rows, [\d.]+ KB\), read through MaxCompute’s Instance Tunnel$/,
    );
    assert.equal(file.threadTs, card.ts, 'in the card’s thread');
    const thread = JSON.stringify(threadOf(card.ts));
    assert.match(
      thread,
      /Result preview: the first 20 rows\. MaxCompute’s result API stops at 10,000 rows, so the whole result is read through the Instance Tunnel into the file below\./,
    );
    assert.doesNotMatch(thread, /first 20 of 10,000 rows/);
    assert.equal(door.standin.files().filter((each) => each.filename === `${id}.csv`).length, 1, 'one file');
  });

  it('/odps result exports every row through the Instance Tunnel, and says so, in Chinese too', async () => {
    const id = await door.run(CROSS_JOIN);
    await csvOf(id);
    for (const [channelId, comment, caption] of [
      [
        'C0CHAN',
        /^Full result as CSV \(22,500 rows, [\d.]+ KB\), read through MaxCompute’s Instance Tunnel$/,
        /Result preview: the first 20 rows\. MaxCompute’s result API stops at 10,000 rows, so the whole result is read through the Instance Tunnel/,
      ],
      ['C0ZH', /^完整结果 CSV（22,500 行，/, /结果预览：前 20 行。MaxCompute 的结果接口最多返回 10,000 行/],
    ] as const) {
      for (const flag of ['', ' --csv']) {
        const before = door.standin.files().length;
        await door.command(`result ${id}${flag}`, { channelId, userId: channelId === 'C0ZH' ? 'U0ZHUSER' : 'U0USER' });
        await door.drain();
        const full = door.standin
          .files()
          .slice(before)
          .find((each) => each.filename === `${id}.csv`);
        assert.match(full?.initialComment ?? '', comment);
        const lines = full?.content.toString().trimEnd().split('\n') ?? [];
        assert.equal(lines.length, 22_501, 'the header and every row');
        // The preview, then its file (a message without blocks) in the preview's thread.
        const preview = door.standin
          .channel(channelId)
          .filter((message) => message.blocks !== undefined)
          .at(-1);
        assert.match(JSON.stringify(preview?.blocks), caption);
        assert.doesNotMatch(JSON.stringify(preview?.blocks), /Partial result|部分结果/);
      }
    }
  });
});
