import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MaxComputeAbortedError } from '../../../src/maxcompute/errors.ts';
import { quickly, useEmulator } from '../../support/emulator.ts';

/** The client's tunnel reader against the emulator on loopback: every row of a result past 10,000 rows. */
const h = await useEmulator();

test('reads every row of a 25,000-row result, in order, typed, plain and deflated', async () => {
  const client = h.client();
  const instance = await client.executeSql(
    "select range as id, 'n' || range as name, range / 4 as x, range % 2 = 0 as even, " +
      "date '2024-01-01' + cast(range % 30 as integer) as d, " +
      "cast(timestamp '2024-03-15 08:30:00' + to_milliseconds(range) as timestamp) as at, " +
      'case when range % 7 = 0 then null else cast(range as decimal(12,2)) end as amount from range(25000)',
    quickly,
  );
  for (const compress of [false, true]) {
    const reader = await client.openResultReader(instance.id, { compress, rangeSize: 7000 });
    assert.equal(reader.recordCount, 25_000);
    assert.deepEqual(
      reader.columns.map((c) => `${c.name}:${c.type}`),
      ['id:bigint', 'name:string', 'x:double', 'even:boolean', 'd:date', 'at:datetime', 'amount:decimal(12,2)'],
    );
    let next = 0;
    for await (const rows of reader.rows()) {
      for (const row of rows) {
        const i = next++;
        assert.deepEqual(row, [
          BigInt(i),
          `n${i}`,
          i / 4,
          i % 2 === 0,
          `2024-01-${String((i % 30) + 1).padStart(2, '0')}`,
          new Date(Date.UTC(2024, 2, 15, 8, 30) + i),
          i % 7 === 0 ? null : `${i}.00`,
        ]);
      }
    }
    assert.equal(next, 25_000);
  }
});

test('reading is pulled by the consumer, and the caller signal stops it', async () => {
  const client = h.client();
  const instance = await client.executeSql('select range as id from range(50000)', quickly);
  const before = h.emulator.stats().byKind['GET tunnel data'] ?? 0;
  const controller = new AbortController();
  const reader = await instance.openResultReader({ signal: controller.signal, rangeSize: 10_000 });
  const rows = reader.rows();
  const first = await rows.next();
  assert.ok(!first.done && first.value.length > 0);
  // One range requested so far: nothing is fetched ahead of the consumer.
  assert.equal((h.emulator.stats().byKind['GET tunnel data'] ?? 0) - before, 1);
  controller.abort(new Error('enough'));
  await assert.rejects(async () => {
    for await (const _ of rows);
  }, MaxComputeAbortedError);
});

test('an empty result has no data request; the tunnel endpoint can be configured', async () => {
  const client = h.client({ tunnelEndpoint: `${h.emulator.url}/tunnel` });
  const instance = await client.executeSql('select 1 as a from range(0)', quickly);
  const count = (kind: string) => h.emulator.stats().byKind[kind] ?? 0;
  const before = [count('GET tunnel'), count('GET tunnel data')];
  const reader = await instance.openResultReader();
  assert.equal(reader.recordCount, 0);
  for await (const _ of reader.rows()) assert.fail('no rows');
  assert.deepEqual([count('GET tunnel'), count('GET tunnel data')], before, 'no ?service, no data request');
});

test('a session that expires mid-read is opened again and the read goes on from the next row', async () => {
  const expiring = await useEmulator({ downloadSessionTtlMs: 300 });
  const client = expiring.client();
  const instance = await client.executeSql('select range as id from range(20000)', quickly);
  const reader = await client.openResultReader(instance.id, { rangeSize: 4000 });
  const first = reader.downloadId;
  expiring.emulator.faults.set({ latencyMs: 200 });
  const ids: bigint[] = [];
  for await (const rows of reader.rows()) for (const row of rows) ids.push(row[0] as bigint);
  expiring.emulator.faults.reset();
  assert.notEqual(reader.downloadId, first, 'a new session');
  assert.deepEqual(
    ids,
    Array.from({ length: 20_000 }, (_, i) => BigInt(i)),
    'every row once, in order',
  );
});
