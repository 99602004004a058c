import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { startHarness, taskResults } from './support/harness.ts';
import { parseXmlBody } from './support/signed-client.ts';

/**
 * MaxCompute compiles a script before it runs it: SQL that cannot be compiled (a missing table or
 * column, a syntax error) ends the instance at once, however long it would have run. The run time
 * here is a minute, so an instance that waited for it would still be Running.
 */

const h = await startHarness({ defaultDurationMs: 60_000 });
const instancePath = (id: string, query = '') => `/projects/${h.project}/instances/${id}${query}`;

async function taskOf(id: string) {
  const result = taskResults(await h.xml(id, 'result')).get('AnonymousSQLTask');
  assert.ok(result !== undefined);
  return result;
}

async function stageCount(id: string): Promise<number> {
  const reply = await h.get(instancePath(id, '?instanceprogress=AnonymousSQLTask&taskname=AnonymousSQLTask'));
  const doc = parseXmlBody(reply.body) as { Progress: { Stage?: unknown[] } | '' };
  return doc.Progress === '' ? 0 : (doc.Progress.Stage?.length ?? 0);
}

describe('compile errors end the instance at once', () => {
  test('a missing table: Terminated, task Failed with ODPS-0130131 and its position, no stages', async () => {
    const created = h.clock.now;
    const id = await h.submit('select * from no_such_table');
    const reply = await h.get(instancePath(id));
    assert.match(reply.body, /<Status>Terminated<\/Status>/);
    assert.equal(reply.headers['x-odps-end-time'], new Date(created).toUTCString());
    assert.deepEqual(await taskOf(id), {
      format: 'text',
      status: 'Failed',
      text: 'ODPS-0130131:[1,15] Table not found - table emu_proj.no_such_table cannot be resolved',
    });
    assert.equal(await stageCount(id), 0);
  });

  test('a qualified missing table keeps its project; the position is that of the reference', async () => {
    const id = await h.submit(
      'set odps.sql.allow.fullscan=true;\nselect o.item\nfrom orders o join emu_proj.nope n on o.user_id = n.id',
    );
    assert.equal(await h.status(id), 'Terminated');
    assert.equal(
      (await taskOf(id)).text,
      'ODPS-0130131:[3,20] Table not found - table emu_proj.nope cannot be resolved',
    );
  });

  test('an unknown column and a syntax error fail at once too', async () => {
    const column = await h.submit('select\n  nope\nfrom pyodps_iris');
    const syntax = await h.submit('selec 1');
    assert.equal(await h.status(column), 'Terminated');
    assert.match((await taskOf(column)).text, /^ODPS-0130071:\[2,3\] Semantic analysis exception - .*nope/);
    assert.equal(await h.status(syntax), 'Terminated');
    assert.match((await taskOf(syntax)).text, /^ODPS-0130161:\[1,1\] Parse exception/);
  });

  test('the whole script compiles first: nothing from a failing script runs', async () => {
    const id = await h.submit('create table half_made as select 1 as x;\nselect * from nowhere_t');
    assert.equal((await taskOf(id)).status, 'Failed');
    const check = await h.submit('select * from half_made');
    assert.match((await taskOf(check)).text, /^ODPS-0130131:\[1,15\] Table not found - table emu_proj\.half_made/);
  });

  test('a table the script itself creates compiles; the instance runs its full time', async () => {
    const id = await h.submit(
      'create table made_here (x bigint);\ninsert into made_here values (7);\nselect x from made_here',
    );
    assert.equal(await h.status(id), 'Running');
    h.clock.advance(60_000);
    assert.deepEqual(await taskOf(id), { format: 'csv', status: 'Success', text: '"x"\n7\n' });
  });

  test('errors only a run can find (a bad cast) still fail when the run ends', async () => {
    const id = await h.submit(`select cast('x' as int) as n`);
    assert.equal(await h.status(id), 'Running');
    h.clock.advance(60_000);
    assert.match((await taskOf(id)).text, /^ODPS-0123091:Illegal type cast/);
  });

  test('the emulator.fail hint is not compiled: its text, after the run time', async () => {
    const id = await h.submit('select * from no_such_table', { settings: { 'emulator.fail': 'as told' } });
    assert.equal(await h.status(id), 'Running');
    h.clock.advance(60_000);
    assert.equal((await taskOf(id)).text, 'ODPS-0130071:as told');
  });
});
