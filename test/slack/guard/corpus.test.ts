import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifySql } from '../../../src/slack/guard/index.ts';

/** `read`: accepted; otherwise the refusal code and the keyword that decided it. */
type Expected = 'read' | readonly [code: 'write' | 'multi' | 'unparseable' | 'empty', keyword?: string];
const CODES = {
  write: 'write_statement',
  multi: 'multiple_statements_with_write',
  unparseable: 'unparseable',
  empty: 'empty',
};

const CORPUS: ReadonlyArray<readonly [string, Expected]> = [
  // Queries
  ['select 1', 'read'],
  ['SELECT * FROM t', 'read'],
  ["select ds, count(*) from ods_orders where ds='20260901' group by ds", 'read'],
  ['select a from t where b in (select b from s) order by a limit 10', 'read'],
  ['select * from t lateral view explode(arr) e as x', 'read'],
  ['select /*+ mapjoin(b) */ a.* from a join b on a.id = b.id', 'read'],
  ['select 1 union all select 2', 'read'],
  ['(select 1) union all (select 2)', 'read'],
  ['((select 1))', 'read'],
  ['select t.update, t.insert, s.`drop` from t join s', 'read'],
  ['select `insert`, `into`, `drop table x` from `create`', 'read'],
  ['select create_time, is_delete, update_by from t', 'read'],
  ['select cast(1.5e3 as bigint), 100L, 1BD, 0.5', 'read'],
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a DataWorks parameter, written as users write it
  ['select * from t where x = ${bizdate}', 'read'],
  // WITH … SELECT
  ['with t as (select 1) select * from t', 'read'],
  ['WITH a AS (SELECT 1), b AS (SELECT 2) SELECT * FROM a JOIN b', 'read'],
  ['with t (x, y) as (select 1, 2) select x from t', 'read'],
  ['with `t` as (select (1)) (select * from t)', 'read'],
  ['with a as (select * from (select 1) s) select * from a', 'read'],
  // Inspection
  ['desc t', 'read'],
  ['DESCRIBE extended t', 'read'],
  ['desc instance 20160519101349613gzbzufck2', 'read'],
  ['desc project my_proj', 'read'],
  ['show tables', 'read'],
  ["show partitions t partition (ds='1')", 'read'],
  ['show create table t', 'read'],
  ['show grants for user x', 'read'],
  ['show instances', 'read'],
  ['explain select 1', 'read'],
  ['explain insert overwrite table t select 1', 'read'],
  ['EXPLAIN drop table t', 'read'],
  // Settings
  ['set odps.sql.allow.fullscan=true; select 1', 'read'],
  ['set odps.sql.submit.mode=script;\nselect 1;', 'read'],
  ['SET odps.sql.type.system.odps2 = true;\nSET odps.stage.mapper.split.size=256;\nselect 1', 'read'],
  ['set odps.sql.timezone=Asia/Shanghai; select 1', 'read'],
  ['set odps.sql.hive-compatible=true; select 1', 'read'],
  ['set odps.x=1', 'read'],
  // Several read-only statements
  ['select 1; select 2; desc t', 'read'],
  ['select 1;;;', 'read'],
  ['select 1; -- done', 'read'],
  ['show tables;\nexplain select 1;\n', 'read'],
  // Comments
  ['-- daily count\nselect 1', 'read'],
  ['/* header */ select 1', 'read'],
  ['select 1 -- ; drop table t', 'read'],
  ['select /* ; drop table t */ 1', 'read'],
  ['select 1 --no space comment\n', 'read'],
  ['select 1 -- windows line end\r\nfrom t', 'read'],
  ['select 1 -- 注释 with ; and drop', 'read'],
  // Literals holding ; and keywords
  ["select ';'", 'read'],
  ["select 'drop table t; insert into x' as s", 'read'],
  ['select "a;b", "insert into t"', 'read'],
  ["select 'it\\'s; drop table t; select \\'' from t", 'read'],
  ['select "\\"; drop table t; \\""', 'read'],
  ["select 'a\\\\'", 'read'],
  ["select 'back\\\\slash' , 'x'", 'read'],
  ['select `a``b;drop` from t', 'read'],
  ["select regexp_extract(s, '\\\\d+;') from t", 'read'],
  ['select R"(a\\b;c)" from t', 'read'],
  ['select R"x(a)b)x" from t', 'read'],
  ["select r'\\d+' from t", 'read'],
  ['select \'数据\', "😀" as `列` from t', 'read'],
  ["select 'line one\nline two'", 'read'],
  // Case and leading whitespace
  ['SeLeCt 1', 'read'],
  ['\n\n   select 1', 'read'],
  ['\ufeffselect 1', 'read'],
  ['\t\r\n select\u00a01', 'read'],
  // Writes
  ['insert into t select 1', ['write', 'INSERT']],
  ['INSERT OVERWRITE TABLE t SELECT * FROM s', ['write', 'INSERT']],
  ["insert into t partition (ds='1') values (1, 2)", ['write', 'INSERT']],
  ['update t set a = 1 where b = 2', ['write', 'UPDATE']],
  ['delete from t where a = 1', ['write', 'DELETE']],
  ['merge into t using s on t.id = s.id when matched then update set a = s.a', ['write', 'MERGE']],
  ['create table t (a bigint)', ['write', 'CREATE']],
  ['create table t as select 1', ['write', 'CREATE']],
  ['CREATE VIEW v AS SELECT 1', ['write', 'CREATE']],
  ['drop table t', ['write', 'DROP']],
  ['drop table if exists t purge', ['write', 'DROP']],
  ['alter table t add columns (b string)', ['write', 'ALTER']],
  ['truncate table t', ['write', 'TRUNCATE']],
  ['grant select on table t to user x', ['write', 'GRANT']],
  ['revoke select on table t from user x', ['write', 'REVOKE']],
  ["load overwrite table t from location 'oss://b/p' stored as parquet", ['write', 'LOAD']],
  ["unload from t into location 'oss://b/p'", ['write', 'UNLOAD']],
  ['copy t from s', ['write', 'COPY']],
  ['msck repair table t add partitions', ['write', 'MSCK']],
  ['tunnel upload f.csv t', ['write', 'TUNNEL']],
  ['add jar udf.jar', ['write', 'ADD']],
  ['add resource f.py', ['write', 'ADD']],
  ['remove resource f.py', ['write', 'REMOVE']],
  ['use other_proj', ['write', 'USE']],
  ['kill 20160519101349613gzbzufck2', ['write', 'KILL']],
  ['call my_proc(1)', ['write', 'CALL']],
  ['clone table a to b', ['write', 'CLONE']],
  ['FROM t INSERT INTO x SELECT *', ['write', 'INSERT']],
  ['from t insert overwrite table a select a insert overwrite table b select b', ['write', 'INSERT']],
  ['with a as (select 1) insert into t select * from a', ['write', 'INSERT']],
  ['with a as (select 1) from a insert overwrite table t select *', ['write', 'INSERT']],
  ['with a as (insert into t select 1) select * from a', ['write', 'INSERT']],
  ['select * from (insert into t select 1) s', ['write', 'INSERT']],
  ['select * into t2 from t', ['write', 'INTO']],
  ['select a, b into t2 from t where c', ['write', 'INTO']],
  ['(insert into t select 1)', ['write', 'INSERT']],
  ['set projectprotection=true', ['write', 'SET']],
  ['set LabelSecurity=true', ['write', 'SET']],
  ['set label 2 to table t', ['write', 'SET']],
  ['set odps.sql.allow.fullscan=true; insert into t select 1', ['write', 'INSERT']],
  // Several statements, one a write
  ['select 1; drop table t', ['multi', 'DROP']],
  ['select 1; /* */ drop table t', ['multi', 'DROP']],
  ['select 1 /* x */; drop table t', ['multi', 'DROP']],
  ['select 1\n;drop table t', ['multi', 'DROP']],
  ['select 1 -- c\n; drop table t', ['multi', 'DROP']],
  ["select ';'; drop table t", ['multi', 'DROP']],
  ['desc t; insert into t select 1', ['multi', 'INSERT']],
  ['explain select 1; truncate table t', ['multi', 'TRUNCATE']],
  ['set odps.a.b=1; select 1; delete from t', ['multi', 'DELETE']],
  ['insert overwrite table t select 1; insert into t2 select 2', ['multi', 'INSERT']],
  ['frobnicate; drop table t', ['multi', 'DROP']],
  // Unknown keywords and shapes
  ['frobnicate t', ['unparseable', 'FROBNICATE']],
  ['from t select a', ['unparseable', 'FROM']],
  ['values (1, 2)', ['unparseable', 'VALUES']],
  ['@a := select 1', ['unparseable', '@']],
  ['if (1 = 1) begin select 1; end', ['unparseable', 'IF']],
  ["'select 1'", ['unparseable', "'select 1'"]],
  ['(desc t)', ['unparseable', 'DESC']],
  ['with select 1', ['unparseable', 'WITH']],
  ['with a as select 1', ['unparseable', 'WITH']],
  ['with a as (select 1) values (1)', ['unparseable', 'VALUES']],
  ['with a as (select 1', ['unparseable', 'WITH']],
  ['set odps.x', ['write', 'SET']],
  ['set = 1', ['unparseable', 'SET']],
  ['set odps. x=1', ['unparseable', 'SET']],
  // Look-alike letters are never keywords
  ['ѕеlect 1', ['unparseable', 'ѕеlect']],
  ['sеlect 1', ['unparseable', 'еlect']],
  ['ＳＥＬＥＣＴ 1', ['unparseable', 'ＳＥＬＥＣＴ']],
  ['ſelect 1', ['unparseable', 'ſelect']],
  ['select 1; ınsert into t select 1', ['unparseable', 'ınsert']],
  ['select 1； drop table t', ['unparseable', '；']],
  ['select 名字 from t', ['unparseable', '名字']],
  ['select\u00001', ['unparseable', '\u0000']],
  // Places where MaxCompute's reading is uncertain
  ['select 1 -- x\r; drop table t', ['unparseable', '--']],
  ['select 1 -- x\u2028; drop table t', ['unparseable', '--']],
  ['select 1 /* /* */ ; drop table t; select 1 -- */', ['unparseable', '/*']],
  ['select R"(a"b)" ; drop table t; -- "', ['unparseable', 'R"(a"b)"']],
  ["select r'a\\' ; drop table t; -- '", ['unparseable', "r'a\\'"]],
  ['select 1r"x"', ['unparseable', '1r"x"']],
  ['select 1 # ; drop table t', ['unparseable', '#']],
  ['select 1 \\; drop table t', ['unparseable', '\\;']],
  ['select `a\\` , ` ; drop table t; select 1 -- `', ['unparseable', '`a\\`']],
  ["select 'unterminated ; drop table t", ['unparseable', "'unterminated"]],
  ['select "x', ['unparseable', '"x']],
  ['select `x', ['unparseable', '`x']],
  ['select 1 /* never closed ; drop table t', ['unparseable', '/*']],
  ["set odps.x='a;b'; select 1", ['unparseable', 'SET']],
  ['set odps.x=1 -- ; drop table t\n; select 1', ['unparseable', 'SET']],
  // Nothing to run
  ['', ['empty']],
  ['   \n\t', ['empty']],
  ['-- only a comment', ['empty']],
  ['/* c */', ['empty']],
  [';', ['empty']],
  [';;\n;', ['empty']],
  ['\ufeff', ['empty']],
];

describe('read-only guard corpus', () => {
  it(`has at least 100 statements (${CORPUS.length})`, () => {
    assert.ok(CORPUS.length >= 100);
  });

  for (const [sql, expected] of CORPUS) {
    it(`${expected === 'read' ? 'accepts' : 'refuses'} ${JSON.stringify(sql)}`, () => {
      const verdict = classifySql(sql);
      if (expected === 'read') {
        assert.equal(verdict.readOnly, true, JSON.stringify(verdict));
        return;
      }
      assert.equal(verdict.readOnly, false);
      if (verdict.readOnly) return;
      const [code, keyword] = expected;
      assert.deepEqual(verdict.reason, keyword === undefined ? { code: CODES[code] } : { code: CODES[code], keyword });
    });
  }
});

describe('read-only guard answers', () => {
  it('lists the accepted statements with their keyword and source', () => {
    assert.deepEqual(classifySql('set odps.a.b=1;\n-- note\n(select 1) ;\n desc t ;'), {
      readOnly: true,
      statements: [
        { keyword: 'SET', text: 'set odps.a.b=1' },
        { keyword: 'SELECT', text: '(select 1)' },
        { keyword: 'DESC', text: 'desc t' },
      ],
    });
  });

  it('names the offending statement, at most 120 characters, and prefers a write to an unreadable one', () => {
    const long = `insert into t select ${'x, '.repeat(100)}1`;
    const verdict = classifySql(`ѕеlect 1; select 2; ${long}`);
    assert.equal(verdict.readOnly, false);
    if (verdict.readOnly) return;
    assert.deepEqual(verdict.reason, { code: 'multiple_statements_with_write', keyword: 'INSERT' });
    assert.equal(verdict.statement, long.slice(0, 120));
    assert.equal(classifySql('').readOnly === false && 'statement' in classifySql(''), false);
  });

  it('survives input that is not a string at run time', () => {
    assert.deepEqual(classifySql(undefined as unknown as string), { readOnly: false, reason: { code: 'empty' } });
  });
});
