import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { keywordCount, sqlComplexity } from '../../src/emulator/cost/complexity.ts';
import { sqlWords } from '../../src/emulator/cost/sql-words.ts';
import { startHarness, taskResults } from './support/harness.ts';

/**
 * The SQLCost task (docs/maxcompute-protocol.md, "Estimating SQL cost (the SQLCost task)"): an
 * estimate from DuckDB's tables, MaxCompute's complexity bands and the project's UDFs, in the JSON
 * PyODPS reads; the SQL itself never runs.
 */

const h = await startHarness({ defaultDurationMs: 10 });
const instancePath = (id: string, query = '') => `/projects/${h.project}/instances/${id}${query}`;

interface Cost {
  readonly Input: number;
  readonly UDF: number;
  readonly Complexity: number;
}

async function estimate(sql: string) {
  const id = await h.submit(sql, { taskType: 'SQLCost' });
  h.clock.advance(10);
  const reply = await h.get(instancePath(id, '?result'));
  const task = taskResults(await h.xml(id, 'result')).get('AnonymousSQLCostTask');
  assert.ok(task !== undefined, reply.body);
  return { id, task, raw: reply.body };
}

async function cost(sql: string): Promise<Cost> {
  const { task } = await estimate(sql);
  assert.equal(task.status, 'Success', task.text);
  return (JSON.parse(task.text) as { Cost: { SQL: Cost } }).Cost.SQL;
}

async function run(sql: string): Promise<{ status: string; text: string }> {
  const id = await h.submit(sql);
  h.clock.advance(10);
  const task = taskResults(await h.xml(id, 'result')).get('AnonymousSQLTask');
  assert.ok(task !== undefined);
  return task;
}

// Tables whose bytes are known: 100 BIGINTs are 800 bytes; ten 'ab' strings and a NULL are 20.
assert.equal((await run('create table hundred as select range as id from range(100)')).status, 'Success');
assert.equal(
  (await run(`create table words as select 'ab' as w from range(10) union all select null`)).status,
  'Success',
);

describe('the estimate', () => {
  test('a simple select: a text result of {"Cost":{"SQL":{…}}} with numbers, Complexity 1.0, no UDF', async () => {
    const { task, raw } = await estimate('select * from hundred');
    assert.equal(task.status, 'Success');
    assert.equal(task.format, 'text');
    assert.equal(task.text, '{"Cost":{"SQL":{"Input":800,"UDF":0,"Complexity":1.0}}}');
    assert.match(raw, /<Task Type="SQLCost">/);
  });

  test('input is the bytes of the values of every table read, each table once', async () => {
    assert.equal((await cost('select w from words')).Input, 20);
    assert.equal(
      (await cost('select h.id, w.w from hundred h join words w on true join hundred x on true')).Input,
      820,
    );
    assert.equal((await cost('select 1')).Input, 0);
  });

  test('a bigger table estimates more input bytes than a smaller one', async () => {
    const iris = await cost('select * from pyodps_iris');
    const orders = await cost('select * from orders');
    assert.ok(orders.Input > 0);
    assert.ok(iris.Input > orders.Input, `${iris.Input} > ${orders.Input}`);
  });

  test('the same query estimates the same, run after run', async () => {
    const sql = 'select u.name, sum(o.amount) from orders o join t_users u on o.user_id = u.id group by u.name';
    assert.deepEqual(await cost(sql), await cost(sql));
  });

  test('complexity grows with joins, GROUP BY and ORDER BY, in MaxCompute bands', async () => {
    assert.equal((await cost('select * from orders')).Complexity, 1);
    const joined = 'select u.name, count(*) from orders o join t_users u on o.user_id = u.id group by u.name';
    assert.equal((await cost(joined)).Complexity, 1);
    assert.equal((await cost(`${joined} order by u.name`)).Complexity, 1.5);
    const many = `select distinct o.item, row_number() over (partition by o.user_id order by o.amount) as r
      from orders o join t_users u on o.user_id = u.id left join orders p on p.order_id = o.order_id
      join t_users v on v.id = u.id order by r`;
    assert.equal((await cost(many)).Complexity, 2);
  });

  test('a project UDF counts once however often it is called; built-ins and sleep do not count', async () => {
    assert.equal((await run('create macro plus_one(x) as x + 1')).status, 'Success');
    assert.equal((await cost('select plus_one(id), plus_one(id + 1) from hundred')).UDF, 1);
    assert.equal((await cost('select upper(w), sleep(0) from words')).UDF, 0);
  });

  test('INSERT and CREATE TABLE AS SELECT are estimated, and nothing is written', async () => {
    const insert = await cost('insert into hundred select id from hundred');
    assert.deepEqual(insert, { Input: 800, UDF: 0, Complexity: 1 });
    assert.equal((await cost('create table copied as select * from words')).Input, 20);
    assert.equal((await run('select count(*) as n from hundred')).text, '"n"\n100\n');
    const missing = await estimate('select * from copied');
    assert.match(missing.task.text, /^ODPS-0130131:/);
  });

  test('the SQL is not run, so a sleep in it does not hold the estimate up', async () => {
    const id = await h.submit('select sleep(600) from words', { taskType: 'SQLCost' });
    h.clock.advance(10);
    assert.equal(await h.status(id), 'Terminated');
    assert.equal(taskResults(await h.xml(id, 'result')).get('AnonymousSQLCostTask')?.status, 'Success');
  });

  test('the hints for how long the query runs are not the estimate’s: it does not wait for them', async () => {
    const settings = { 'emulator.duration.ms': '600000', 'emulator.suspended.ms': '600000' };
    const id = await h.submit('select * from words', { taskType: 'SQLCost', settings });
    h.clock.advance(10);
    assert.equal(await h.status(id), 'Terminated');
    assert.equal(taskResults(await h.xml(id, 'result')).get('AnonymousSQLCostTask')?.status, 'Success');
  });

  test('the query’s failure hint is not the estimate’s; emulator.cost.* hints are', async () => {
    const runFailure = { 'emulator.fail': 'ODPS-0010000:System internal error' };
    const id = await h.submit('select * from words', { taskType: 'SQLCost', settings: runFailure });
    h.clock.advance(10);
    assert.equal(taskResults(await h.xml(id, 'result')).get('AnonymousSQLCostTask')?.status, 'Success');
    const slow = await h.submit('select * from words', {
      taskType: 'SQLCost',
      settings: { 'emulator.cost.duration.ms': '5000', 'emulator.cost.fail': 'ODPS-0130013:Authorization exception' },
    });
    h.clock.advance(4000);
    assert.equal(await h.status(slow), 'Running');
    h.clock.advance(1100);
    assert.equal(await h.status(slow), 'Terminated');
    const failed = taskResults(await h.xml(slow, 'result')).get('AnonymousSQLCostTask');
    assert.equal(failed?.status, 'Failed');
    assert.match(failed?.text ?? '', /^ODPS-0130013:Authorization exception/);
  });

  test('leading set statements are settings, not statements to estimate', async () => {
    assert.deepEqual(await cost('set odps.sql.mapjoin.x=1;\nselect * from hundred'), {
      Input: 800,
      UDF: 0,
      Complexity: 1,
    });
  });
});

describe('what cannot be estimated', () => {
  test('DDL fails at submission with a semantic error at the statement, and is not executed', async () => {
    const created = h.clock.now;
    const id = await h.submit('create table never (a bigint)', { taskType: 'SQLCost' });
    const status = await h.get(instancePath(id));
    assert.match(status.body, /<Status>Terminated<\/Status>/);
    assert.equal(status.headers['x-odps-end-time'], new Date(created).toUTCString());
    const task = taskResults(await h.xml(id, 'result')).get('AnonymousSQLCostTask');
    assert.deepEqual(task, {
      format: 'text',
      status: 'Failed',
      text: 'ODPS-0130071:[1,1] Semantic analysis exception - cost estimation does not support CREATE TABLE statements',
    });
    assert.match((await estimate('select * from never')).task.text, /^ODPS-0130131:/);
  });

  test('DROP, a view, desc and show are refused too; the table dropped is still there', async () => {
    const refusals = new Map([
      ['drop table orders', 'DROP'],
      ['create view v as select 1', 'CREATE VIEW'],
      ['create external table ext (a bigint)', 'CREATE EXTERNAL TABLE'],
      ['desc orders', 'DESC'],
      ['show tables', 'SHOW'],
      ['select 1;\n  alter table orders rename to o2', 'ALTER'],
    ]);
    for (const [sql, kind] of refusals) {
      const { task } = await estimate(sql);
      assert.equal(task.status, 'Failed', sql);
      assert.match(task.text, new RegExp(`^ODPS-0130071:\\[\\d+,\\d+\\] .* ${kind} statements$`), sql);
    }
    assert.equal(
      (await estimate('select 1;\n  alter table orders rename to o2')).task.text.slice(0, 19),
      'ODPS-0130071:[2,3] ',
    );
    assert.equal((await cost('select * from orders')).Complexity, 1);
  });

  test('SQL that does not compile fails as an SQL task would', async () => {
    assert.match((await estimate('select * from no_such_table')).task.text, /^ODPS-0130131:\[1,15\] Table not found/);
    assert.match((await estimate('selec 1')).task.text, /^ODPS-0130161:/);
  });
});

describe('the complexity count', () => {
  const count = (sql: string) => keywordCount(sqlWords(sql));

  test('counts JOIN, GROUP BY, ORDER BY, DISTINCT, OVER and at least one write', () => {
    assert.equal(count('select 1'), 1);
    assert.equal(count('select * from a left join b on true join c on true'), 3);
    assert.equal(count('select count(distinct x) from a group by y order by y'), 4);
    assert.equal(count('insert overwrite table t select * from a'), 1);
    assert.equal(count('from a insert into t1 select x insert into t2 select y'), 2);
  });

  test('an ORDER BY inside OVER (…) is the window function, counted once', () => {
    assert.equal(count('select rank() over (partition by a order by b) from t'), 2);
    assert.equal(count('select rank() over (order by b), sum(x) over (order by (b)) from t order by 1'), 4);
  });

  test('words in strings, quoted names and comments are not keywords', () => {
    assert.equal(count(`select 'a join b', "join", \`join\` from t -- join\n /*+ mapjoin(t) */`), 1);
  });

  test('the bands: up to 3 is 1, 4 to 6 is 1.5, 7 to 19 is 2, 20 or more is 4', () => {
    const joins = (n: number) => sqlWords(`select 1 ${'join t on true '.repeat(n)}`);
    assert.deepEqual(
      [2, 3, 5, 6, 18, 19, 25].map((n) => sqlComplexity(joins(n))),
      [1, 1.5, 1.5, 2, 2, 4, 4],
    );
  });
});
