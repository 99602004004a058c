import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ClientGateway } from '../../src/gateway/client-gateway.ts';
import { GatewayError } from '../../src/tracker/gateway-error.ts';
import { quickly, TEST_PROJECT, useEmulator } from '../support/emulator.ts';

/**
 * The whole result through the Instance Tunnel, as CSV: the same bytes the result API gives for a
 * result it does not cut, every row of one it does.
 */
const { client } = await useEmulator();
const mc = client();
const gateway = new ClientGateway(mc);

async function finished(sql: string): Promise<{ project: string; instanceId: string }> {
  const instance = await mc.runSql(sql);
  await instance.waitForSuccess(quickly);
  return { project: TEST_PROJECT, instanceId: instance.id };
}

async function exported(key: { project: string; instanceId: string }): Promise<string> {
  const result = await gateway.exportResult(key);
  let text = '';
  for await (const chunk of result.csv()) text += chunk;
  return text;
}

describe('exporting a result through the tunnel', () => {
  it('writes every type byte for byte as the result API writes its CSV', async () => {
    const key = await finished(
      `select id, name, email, signup_at, active, score, cast(id as double) / 4 as quarter, cast(null as string) as nothing,
        'a "quoted" back\\\\slash' as odd, cast(signup_at as date) as day from t_users order by id`,
    );
    const viaApi = await gateway.result(key);
    assert.equal(viaApi.kind, 'table');
    if (viaApi.kind !== 'table') return;
    assert.equal(viaApi.completeness, 'complete');
    assert.equal(await exported(key), viaApi.csv);
  });

  it('reads past the result API’s 10,000 rows: every row, the first 10,000 as the API gave them', async () => {
    const key = await finished('select a.sepallength, b.name from pyodps_iris a cross join pyodps_iris b');
    const viaApi = await gateway.result(key);
    assert.ok(viaApi.kind === 'table' && viaApi.completeness === 'truncated');
    const result = await gateway.exportResult(key);
    assert.equal(result.rowCount, 22_500);
    assert.deepEqual(result.columns, ['sepallength', 'name']);
    let text = '';
    for await (const chunk of result.csv()) text += chunk;
    const lines = text.split('\n');
    assert.equal(lines.length, 22_502, 'a header, 22,500 rows and the last line end');
    assert.equal(lines.slice(0, 10_001).join('\n'), viaApi.csv.trimEnd());
  });

  it('refuses an instance that does not exist in the port’s terms', async () => {
    await assert.rejects(
      gateway.exportResult({ project: TEST_PROJECT, instanceId: '20991231000000000abcdefgh' }),
      (error: unknown) => error instanceof GatewayError,
    );
  });
});
