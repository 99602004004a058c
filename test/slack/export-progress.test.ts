import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ACTION } from '../../src/slack/messages/message.ts';
import { PROJECT, useFrontDoor } from '../support/front-door.ts';
import { waitFor } from '../support/wait-for.ts';

/**
 * A long export (100,000 rows or more) has a status line in the thread: how far it has read, and a
 * Cancel button for the person it is for (or an admin). The export runs in the worker; the button's
 * listener sets a flag the export reads between redraws.
 */
const door = await useFrontDoor({ env: { ODPS_ADMINS: 'U0ADMIN' } });
// 150 × 150 × 5 = 112,500 rows.
const LONG = 'select a.sepallength, b.name, c.id from pyodps_iris a cross join pyodps_iris b cross join t_users c';

function statusLine(after: number) {
  return door.standin
    .channel('C0CHAN')
    .slice(after)
    .find((message) =>
      /Instance Tunnel: |Whole result exported|Export cancelled/.test(JSON.stringify(message.blocks ?? '')),
    );
}

async function finished(): Promise<string> {
  const id = await door.run(LONG);
  const key = { project: PROJECT, instanceId: id };
  await waitFor(async () => ((await door.parts.gateway.describe(key)).status === 'Terminated' ? true : undefined));
  return id;
}

describe('a long export', () => {
  it('shows how far it has read, and its end; the file holds every row', async () => {
    const id = await finished();
    door.emulator.faults.set({ latencyMs: 400 });
    const posts = door.standin.channel('C0CHAN').length;
    const updates = door.standin.calls('chat.update').length;
    await door.command(`result ${id}`);
    await door.drain();
    door.emulator.faults.reset();
    const line = statusLine(posts);
    assert.ok(line, 'a status line');
    assert.match(JSON.stringify(line.blocks), /Whole result exported: 112,500 rows\./);
    const redraws = door.standin
      .calls('chat.update')
      .slice(updates)
      .map((call) => JSON.stringify(call.args.blocks));
    assert.ok(
      redraws.some(
        (blocks) =>
          /Instance Tunnel: [\d,]+ of 112,500 rows \(\d+%\)/.test(blocks) && blocks.includes(ACTION.cancelExport),
      ),
      redraws.join('\n'),
    );
    const file = door.standin.files().find((each) => each.filename === `${id}.csv`);
    assert.equal(file?.content.toString().trimEnd().split('\n').length, 112_501);
  });

  it('stops when the person it is for cancels it, and says so; someone else may not', async () => {
    const id = await finished();
    door.emulator.faults.set({ latencyMs: 1500 });
    const posts = door.standin.channel('C0CHAN').length;
    const files = door.standin.files().length;
    await door.command(`result ${id}`);
    const line = await waitFor(async () => statusLine(posts));
    const value = /"value":"([^"]+)"/.exec(JSON.stringify(line.blocks))?.[1] ?? '';
    const someoneElse = await door.click(ACTION.cancelExport, value, line.ts, 'U0OTHER');
    assert.equal(someoneElse.statusCode, 200);
    await door.click(ACTION.cancelExport, value, line.ts, 'U0USER');
    await door.drain();
    door.emulator.faults.reset();
    const told = door.standin.responses().map((response) => JSON.stringify(response.body));
    assert.ok(
      told.some((body) => body.includes('Only the person the export is for')),
      told.join('\n'),
    );
    assert.ok(
      told.some((body) => body.includes('Cancelling the export')),
      told.join('\n'),
    );
    assert.match(
      JSON.stringify(statusLine(posts)?.blocks),
      /Export cancelled after [\d,]+ of 112,500 rows; nothing was shared\./,
    );
    assert.equal(door.standin.files().length, files, 'no file');
  });
});
