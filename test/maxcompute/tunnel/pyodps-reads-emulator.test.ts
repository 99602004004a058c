import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TunnelRow, TunnelValue } from '../../../src/maxcompute/tunnel/columns.ts';
import { quickly, useEmulator } from '../../support/emulator.ts';
import { asTunnelValue, type EmulatorRead, loadEmulatorReads, type Tagged } from '../../support/tunnel-fixtures.ts';

/**
 * PyODPS is the judge of the emulator's tunnel: test/fixtures/tunnel/pyodps-reads-emulator.json is what
 * PyODPS's own `open_reader(tunnel=True)` (pure Python, version and commit in the file) read over HTTP
 * from a running emulator (record_pyodps_fixtures.py, mode `emulator`). The same queries run again on
 * a fresh emulator here, read by our client, must give what PyODPS got: the same column types and
 * values. A change to the emulator's writer that PyODPS would not read breaks this test only once the
 * fixture is recorded again, so record it again whenever the writer changes.
 */
const h = await useEmulator();
const recorded = loadEmulatorReads();

async function readAll(sql: string): Promise<{ types: string[]; rows: TunnelRow[]; count: number }> {
  const client = h.client();
  const instance = await client.executeSql(sql, quickly);
  const reader = await client.openResultReader(instance.id, { rangeSize: 7000 });
  const rows: TunnelRow[] = [];
  for await (const batch of reader.rows()) rows.push(...batch);
  return { types: reader.columns.map((c) => c.type), rows, count: reader.recordCount };
}

const expectedRow = (row: readonly Tagged[]): TunnelValue[] => row.map(asTunnelValue);

function caseOf(name: string): EmulatorRead {
  const found = recorded.reads.find((r) => r.name === name);
  assert.ok(found, `fixture read ${name}`);
  return found;
}

test('the fixture was recorded by PyODPS itself, not by this project', () => {
  assert.equal(recorded.recorded_with.pure_python, true);
  assert.match(String(recorded.recorded_with.pyodps_version), /^\d+\.\d+/);
  assert.match(String(recorded.recorded_with.commit), /^[0-9a-f]{40}$/);
});

test('every type: the client reads what PyODPS read, row for row', async () => {
  const read = caseOf('every_type');
  const ours = await readAll(read.sql);
  assert.deepEqual(
    ours.types,
    read.columns.map((c) => c.type),
  );
  assert.equal(ours.count, read.count);
  assert.deepEqual(ours.rows, (read.rows ?? []).map(expectedRow));
});

test('25,000 rows: the same count, the same rows either side of 10,000, the same sum of ids', async () => {
  const read = caseOf('many_rows');
  const ours = await readAll(read.sql);
  assert.equal(ours.count, read.count);
  assert.equal(ours.rows.length, read.count);
  for (const [at, row] of Object.entries(read.rows_at ?? {})) {
    assert.deepEqual(ours.rows[Number(at)], expectedRow(row), `row ${at}`);
  }
  const sum = ours.rows.reduce((total, row) => total + (row[0] as bigint), 0n);
  assert.equal(String(sum), read.id_sum);
});
