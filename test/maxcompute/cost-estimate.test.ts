import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { DEMO_ACCOUNT } from '../../src/emulator/index.ts';
import {
  MaxComputeCostNotEstimableError,
  MaxComputeInstanceFailedError,
  MaxComputeInvalidInputError,
  MaxComputeServiceError,
} from '../../src/maxcompute/errors.ts';
import { parseXmlBody, SignedClient } from '../emulator/support/signed-client.ts';
import { quickly, TEST_PROJECT, useEmulator } from '../support/emulator.ts';

/** estimateSqlCost against the emulator: an SQLCost job sent as runSql sends its jobs, its answer read. */

const OTHER_PROJECT = 'cost_other';
const { client, emulator } = await useEmulator({ projects: [TEST_PROJECT, OTHER_PROJECT] });
const odps = client();
const raw = new SignedClient(emulator.endpoint, DEMO_ACCOUNT);
after(() => raw.close());

describe('estimateSqlCost', () => {
  it('estimates a simple select: the bytes of the table read, complexity 1, no UDF', async () => {
    // 150 rows of four DOUBLEs (4,800 bytes) and a name (2,000 bytes of text in all).
    assert.deepEqual(await odps.estimateSqlCost('select * from pyodps_iris', quickly), {
      inputBytes: 6800,
      complexity: 1,
      udfCount: 0,
    });
  });

  it('estimates more input for a bigger table', async () => {
    const iris = await odps.estimateSqlCost('select * from pyodps_iris', quickly);
    const orders = await odps.estimateSqlCost('select * from orders', quickly);
    assert.ok(orders.inputBytes > 0);
    assert.ok(iris.inputBytes > orders.inputBytes);
  });

  it('estimates a higher complexity for joins, GROUP BY and ORDER BY', async () => {
    const simple = await odps.estimateSqlCost('select * from orders', quickly);
    const joined = await odps.estimateSqlCost(
      'select u.name, sum(o.amount) from orders o join t_users u on o.user_id = u.id group by u.name order by u.name',
      quickly,
    );
    assert.equal(simple.complexity, 1);
    assert.equal(joined.complexity, 1.5);
    assert.ok(joined.inputBytes > simple.inputBytes);
  });

  it('sends hints, set statements, project, priority, job name and Guid as runSql does, in an SQLCost task', async () => {
    await odps.estimateSqlCost('set odps.sql.allow.fullscan=true;\nselect * from orders', {
      ...quickly,
      project: OTHER_PROJECT,
      hints: { 'odps.sql.timezone': 'UTC' },
      priority: 3,
      jobName: 'cost_probe',
      guid: 'cost-guid-1',
    });
    const found: string[] = [];
    for await (const each of odps.listInstances({ project: OTHER_PROJECT, jobName: 'cost_probe' })) found.push(each.id);
    assert.equal(found.length, 1);
    const source = await raw.send('GET', `/projects/${OTHER_PROJECT}/instances/${found[0]}?source`);
    const job = (parseXmlBody(source.body) as { Job: Record<string, unknown> }).Job;
    assert.deepEqual([job.Name, job.Priority, job.Guid], ['cost_probe', '3', 'cost-guid-1']);
    const task = (job.Tasks as { SQLCost?: { Name: string; Query: string; Config: Record<string, unknown> } }).SQLCost;
    assert.ok(task !== undefined, source.body);
    assert.equal(task.Name, 'AnonymousSQLCostTask');
    assert.equal(task.Query, 'set odps.sql.allow.fullscan=true;\nselect * from orders;');
    const properties = task.Config.Property as { Name: string; Value: string }[];
    const settings = properties.find((property) => property.Name === 'settings')?.Value ?? '';
    assert.deepEqual(JSON.parse(settings), { 'odps.sql.allow.fullscan': 'true', 'odps.sql.timezone': 'UTC' });
    assert.ok(properties.some((property) => property.Name === 'uuid'));
  });

  it('refuses empty SQL before any request', async () => {
    emulator.resetStats();
    await assert.rejects(odps.estimateSqlCost('  '), MaxComputeInvalidInputError);
    assert.equal(emulator.stats().requests, 0);
  });
});

describe('what MaxCompute will not estimate', () => {
  it('DDL: MaxComputeCostNotEstimableError with a stable code, the ODPS code and the text', async () => {
    await assert.rejects(odps.estimateSqlCost('create table never (a bigint)', quickly), (error: unknown) => {
      assert.ok(error instanceof MaxComputeCostNotEstimableError);
      assert.equal(error.code, 'maxcompute_cost_not_estimable');
      assert.equal(error.odpsCode, 'ODPS-0130071');
      assert.match(error.taskMessage, /CREATE TABLE statements/);
      assert.equal(error.retryable, false);
      assert.ok(error.cause instanceof MaxComputeInstanceFailedError);
      return true;
    });
  });

  it('SQL that does not compile cannot be estimated either, and says why', async () => {
    await assert.rejects(odps.estimateSqlCost('select * from no_such_table', quickly), (error: unknown) => {
      assert.ok(error instanceof MaxComputeCostNotEstimableError);
      assert.equal(error.odpsCode, 'ODPS-0130131');
      return true;
    });
  });

  it('a failure of the service, not of the SQL, stays an instance failure', async () => {
    const hints = { 'emulator.cost.fail': 'ODPS-0010000:System internal error - fuxi job failed' };
    await assert.rejects(odps.estimateSqlCost('select 1', { ...quickly, hints }), (error: unknown) => {
      assert.ok(error instanceof MaxComputeInstanceFailedError);
      assert.equal(error.odpsCode, 'ODPS-0010000');
      return true;
    });
  });
});

describe('signing', () => {
  it('is signed like every request: v4 with a region is accepted, a wrong secret refused', async () => {
    const v4 = client({ region: 'cn-hangzhou' });
    assert.equal((await v4.estimateSqlCost('select * from orders', quickly)).complexity, 1);
    const forged = client({ credentials: { ...DEMO_ACCOUNT, secret: 'not-the-secret' } });
    await assert.rejects(forged.estimateSqlCost('select 1', quickly), (error: unknown) => {
      assert.ok(error instanceof MaxComputeServiceError);
      assert.equal(error.serviceCode, 'SignatureNotMatch');
      return true;
    });
  });
});
