import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useFrontDoor } from '../support/front-door.ts';
import { waitFor } from '../support/wait-for.ts';

/**
 * A result MaxCompute's `?result` cut at 10,000 rows (the emulator says `SelectResultStatus:
 * TRUNCATED`, as MaxCompute does) is never presented as the whole result: the notice, the attached
 * CSV and `/odps result --csv` all say it is partial, how many rows it holds, and why.
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
  it('the notice and its CSV call it partial, with its row count and the cap; never full', async () => {
    const id = await door.run(CROSS_JOIN);
    const card = door.standin.channel('C0CHAN').find((message) => JSON.stringify(message.metadata).includes(id));
    assert.ok(card?.ts);
    const file = await csvOf(id);
    assert.equal(file.content.toString().trimEnd().split('\n').length, 10_001);
    assert.equal(
      file.initialComment,
      'Partial result as CSV: the first 10,000 rows (39.1 KB) only; MaxCompute’s result API returns at most 10,000 rows.',
    );
    const thread = JSON.stringify(threadOf(card.ts));
    assert.match(
      thread,
      /Partial result: MaxCompute’s result API returns at most 10,000 rows and cut this one at 10,000 rows; showing the first 20\./,
    );
    assert.doesNotMatch(thread, /Full result|first 20 of 10,000 rows/);
  });

  it('/odps result --csv says the same, in Chinese too', async () => {
    const id = await door.run(CROSS_JOIN);
    await csvOf(id);
    for (const [channelId, comment, caption] of [
      ['C0CHAN', /^Partial result as CSV: the first 10,000 rows/, /Partial result: .* cut this one at 10,000 rows/],
      ['C0ZH', /^部分结果 CSV：仅含前 10,000 行/, /部分结果：.*本结果在 10,000 行处被截断/],
    ] as const) {
      const before = door.standin.files().length;
      await door.command(`result ${id} --csv`, { channelId, userId: channelId === 'C0ZH' ? 'U0ZHUSER' : 'U0USER' });
      await door.drain();
      const again = door.standin
        .files()
        .slice(before)
        .find((each) => each.filename === `${id}.csv`);
      assert.match(again?.initialComment ?? '', comment);
      // The preview, then its file (a message without blocks) in the preview's thread.
      const preview = door.standin
        .channel(channelId)
        .filter((message) => message.blocks !== undefined)
        .at(-1);
      assert.match(JSON.stringify(preview?.blocks), caption);
    }
  });
});
