import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { startHarness, taskResults } from './support/harness.ts';

/** The SQL surface: MaxCompute forms on DuckDB, and the result CSV (docs/maxcompute-protocol.md, "Result CSV"). */

const h = await startHarness({ projects: ['sql_proj', 'other_proj'], defaultDurationMs: 10 });

async function run(sql: string) {
  const id = await h.submit(sql);
  h.clock.advance(10);
  const reply = await h.get(`/projects/${h.project}/instances/${id}?result`);
  const result = taskResults((await h.xml(id, 'result')) as Record<string, unknown>).get('AnonymousSQLTask');
  assert.ok(result !== undefined);
  return { ...result, raw: reply.body };
}

async function csv(sql: string): Promise<string> {
  const result = await run(sql);
  assert.equal(result.status, 'Success', result.text);
  assert.equal(result.format, 'csv');
  return result.text;
}

describe('result CSV', () => {
  test('header quoted; strings quoted with quotes doubled; numbers and booleans bare; NULL bare \\N', async () => {
    assert.equal(
      await csv(`select 'say "hi", ok' as s, 42::bigint as n, 2.5 as d, true as b, false as f, null as z`),
      '"s","n","d","b","f","z"\n"say ""hi"", ok",42,2.5,true,false,\\N\n',
    );
  });

  test('datetimes quoted as yyyy-MM-dd HH:mm:ss, doubles keep a decimal point, decimals as is', async () => {
    assert.equal(
      await csv(`select timestamp '2024-03-15 08:30:00.123' as ts, 5::double as five, 12.50::decimal(10,2) as dec`),
      '"ts","five","dec"\n"2024-03-15 08:30:00",5.0,12.50\n',
    );
  });

  test('the seed tables: t_users with a comma, quotes and non-ASCII text; iris in file order', async () => {
    const users = await csv('select id, name from t_users order by id');
    assert.equal(users, '"id","name"\n1,"alice"\n2,"bob, jr."\n3,\\N\n4,"Chloë ""Cee"" O\'Brien"\n5,"张伟"\n');
    const iris = await csv('select * from pyodps_iris limit 2');
    assert.equal(
      iris,
      '"sepallength","sepalwidth","petallength","petalwidth","name"\n5.1,3.5,1.4,0.2,"Iris-setosa"\n4.9,3.0,1.4,0.2,"Iris-setosa"\n',
    );
    assert.equal((await csv('select count(*) as n from pyodps_iris')).split('\n')[1], '150');
    assert.match(await csv('select * from orders where order_id = 1006'), /\n1006,3,\\N,1,\\N,\\N,false\n$/);
  });

  test('backslashes and newlines inside strings are escaped; ]]> survives the CDATA wrapping', async () => {
    const result = await run(`select 'a\\b' || chr(10) || 'c]]>d' as s`);
    assert.equal(result.text, '"s"\n"a\\\\b\\nc]]>d"\n');
    assert.ok(result.raw.includes(']]]]><![CDATA[>'));
  });

  test('inline results stop at 10,000 rows with a TRUNCATED descriptor', async () => {
    const result = await run('select * from range(10005)');
    assert.equal(result.text.split('\n').length, 10_002);
    assert.match(result.raw, /"SelectResultStatus":"TRUNCATED"/);
  });
});

describe('MaxCompute forms', () => {
  test('desc / describe print the table box with MaxCompute type names', async () => {
    for (const sql of ['desc orders', 'describe orders;', 'DESC EXTENDED sql_proj.orders']) {
      const result = await run(sql);
      assert.equal(result.format, 'text');
      assert.match(result.text, /^\+-{84}\+\n\| Owner: {20}ALIYUN\$developer@example\.com/);
      for (const line of [
        '| order_id        | bigint     |',
        '| item            | string     |',
        '| amount          | double     |',
      ]) {
        assert.ok(result.text.includes(line), `${line} in\n${result.text}`);
      }
      assert.ok(result.text.includes('| ordered_at      | datetime   |'));
      assert.ok(result.text.includes('| paid            | boolean    |'));
    }
    assert.ok((await run('desc t_users')).text.includes('| score           | decimal(10,2) |'));
    assert.match((await run('desc nope')).text, /^ODPS-0130131:Table not found/);
  });

  test('show tables lists owner:table lines, sorted, without dual', async () => {
    const result = await run('show tables');
    assert.equal(result.format, 'text');
    assert.equal(
      result.text,
      'ALIYUN$developer@example.com:orders\nALIYUN$developer@example.com:pyodps_iris\nALIYUN$developer@example.com:salaries\nALIYUN$developer@example.com:t_users\n',
    );
  });

  test('DDL with MaxCompute types, lifecycle, insert into table, insert overwrite', async () => {
    const made = await run(
      `create table events (id bigint, label string, seen datetime, ok boolean, amount decimal(10,2)) lifecycle 30;
       insert into table events values (1, 'x', timestamp '2024-01-01 00:00:00', true, 1.50);
       insert overwrite table events select 2, 'y', null, false, 2.25;
       select * from events`,
    );
    assert.equal(made.text, '"id","label","seen","ok","amount"\n2,"y",\\N,false,2.25\n');
    assert.match((await run('desc events')).text, /\| seen {12}\| datetime {3}\|/);
  });

  test('set prefixes are removed, dual exists, trailing ; is fine, the last statement gives the result', async () => {
    assert.equal(await csv('set odps.sql.allow.fullscan=true;\nselect 1 as x from dual;'), '"x"\n1\n');
    assert.equal(await csv('select 1 as a; select 2 as b;'), '"b"\n2\n');
    assert.equal((await run('create table made_by_ddl as select 1 as x')).text, 'OK');
  });

  test('project.table reaches other projects; the file system does not exist for SQL', async () => {
    assert.equal((await csv('select count(*) as n from other_proj.orders')).split('\n')[1], '8');
    const denied = await run(`select * from read_csv('/etc/passwd')`);
    assert.equal(denied.status, 'Failed');
    assert.match(denied.text, /^ODPS-0130013:/);
  });

  test('DuckDB errors become MaxCompute failure texts with positions in the submitted SQL', async () => {
    assert.match((await run('set a=b;\nselect * fro pyodps_iris')).text, /^ODPS-0130161:\[2,\d+\] Parse exception/);
    assert.match((await run(`select cast('x' as int)`)).text, /^ODPS-0123091:Illegal type cast/);
    const long = `select ${'sepallength, '.repeat(20)}nosuch from pyodps_iris`;
    const column = long.indexOf('nosuch') + 1;
    assert.match((await run(long)).text, new RegExp(`^ODPS-0130071:\\[1,${column}\\] Semantic analysis exception`));
  });
});

describe('MaxCompute result semantics', () => {
  test('an expression without an alias is named _c<its position in the select list>; columns keep their names', async () => {
    assert.equal(await csv(`select 1, 'a' as x, 2+3`), '"_c0","x","_c2"\n1,"a",5\n');
    assert.equal(await csv('select a.sepallength from pyodps_iris a limit 1'), '"sepallength"\n5.1\n');
    assert.equal(await csv('select count(*) from pyodps_iris'), '"_c0"\n150\n');
    assert.equal((await csv('select name, count(*) from pyodps_iris group by name')).split('\n')[0], '"name","_c1"');
    assert.equal(await csv('select *, upper(dummy) from dual'), '"dummy","_c1"\n"X","X"\n');
  });

  test('subqueries, CTEs and unions name their columns the same way, so _c0 can be selected', async () => {
    assert.equal(await csv('select _c0 from (select count(*) from dual) t'), '"_c0"\n1\n');
    assert.equal(await csv('with q as (select 1 + 1) select * from q'), '"_c0"\n2\n');
    assert.equal(await csv('select 1 union all select 2 order by 1'), '"_c0"\n1\n2\n');
  });

  test('avg is the exact mean of the values, rounded once: the iris means print as they are', async () => {
    const sql = 'select name, avg(sepallength) from pyodps_iris group by name order by name';
    assert.equal(
      await csv(sql),
      '"name","_c1"\n"Iris-setosa",5.006\n"Iris-versicolor",5.936\n"Iris-virginica",6.588\n',
    );
    const window = await csv(
      'select distinct name, avg(sepallength) over (partition by name) as m from pyodps_iris order by name',
    );
    assert.equal(window.split('\n')[1], '"Iris-setosa",5.006');
    assert.equal(await csv('select avg(x) as m from (select 0.1::double as x from range(10))'), '"m"\n0.1\n');
    assert.equal(await csv('select avg(x) as m from (select null::double as x)'), '"m"\n\\N\n');
  });

  test('a double that really is noisy prints as it is, in its shortest round-trip form', async () => {
    assert.equal(await csv('select 0.1::double + 0.2::double as s'), '"s"\n0.30000000000000004\n');
  });
});
