import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCommand } from '../../../src/slack/commands/grammar/index.ts';

function run(sql: string, extra: Record<string, unknown> = {}): unknown {
  return { kind: 'run', sql, hints: {}, mention: false, ...extra };
}

describe('/odps run', () => {
  it('takes everything after the subcommand as SQL, keeping newlines and inner spacing', () => {
    const cases: Array<[string, string]> = [
      ['run select 1', 'select 1'],
      ['run   select  a,   b\n  from t\n\twhere x = 1', 'select  a,   b\n  from t\n\twhere x = 1'],
      ['RUN SELECT 1', 'SELECT 1'],
      ['Run\nselect 1', 'select 1'],
      ['run select 1 --limit 5', 'select 1 --limit 5'],
      ['run select * from t -- trailing comment', 'select * from t -- trailing comment'],
      ['run /* note */ select 1', '/* note */ select 1'],
      ['run with t as (select 1) select * from t', 'with t as (select 1) select * from t'],
      ['  run select 1  ', 'select 1'],
      ['run select "a b" from t', 'select "a b" from t'],
    ];
    for (const [text, sql] of cases) assert.deepEqual(parseCommand(text), run(sql), text);
  });

  it('strips ``` fences, language tags and single backticks', () => {
    const cases: Array<[string, string]> = [
      ['run ```select 1```', 'select 1'],
      ['run ```\nselect 1\n```', 'select 1'],
      ['run ```sql\nselect 1\nfrom t\n```', 'select 1\nfrom t'],
      ['run ```SQL select 1```', 'select 1'],
      ['run ```odps\nselect 1```', 'select 1'],
      ['run ```select\n*\nfrom t```', 'select\n*\nfrom t'],
      ['run `select 1`', 'select 1'],
      ['run ```select 1', 'select 1'],
      ['run select 1```', 'select 1'],
      ['run ``````select 1``````', 'select 1'],
      ['run ```sql```', ''],
      ['run ``` ```', ''],
      ['run```select 1```', 'select 1'],
      ['run ```select `a` from `t````', 'select `a` from `t`'],
      ["run ```select '```' from t```", "select '```' from t"],
      ['run -p proj ```sql\nselect 1\n```', 'select 1'],
    ];
    for (const [text, sql] of cases) {
      const parsed = parseCommand(text);
      assert.equal(parsed.kind, 'run', text);
      if (parsed.kind === 'run') assert.equal(parsed.sql, sql, text);
    }
  });

  it("undoes Slack's escaping in the SQL", () => {
    const cases: Array<[string, string]> = [
      ['run select * from t where a &lt; b and c &gt; d', 'select * from t where a < b and c > d'],
      ['run select a &amp;&amp; b', 'select a && b'],
      ['run select * from t where x &lt;&gt; 1', 'select * from t where x <> 1'],
      ["run select '&amp;lt;'", "select '&lt;'"],
      [
        "run select * from t where host = '<http://example.com|example.com>'",
        "select * from t where host = 'example.com'",
      ],
      ["run select '<https://a.b/c?x=1&amp;y=2>'", "select 'https://a.b/c?x=1&y=2'"],
      ["run select * from t where owner = '<@U123ABC|alice>'", "select * from t where owner = '@alice'"],
      ["run select '<@U123ABC>'", "select '@U123ABC'"],
      ["run select '<#C123|data>'", "select '#data'"],
      ["run select '<!here>'", "select '@here'"],
      ["run select '<mailto:a@b.co|a@b.co>'", "select 'a@b.co'"],
      ['run select 1 where a <b and c> d', 'select 1 where a <b and c> d'],
    ];
    for (const [text, sql] of cases) {
      const parsed = parseCommand(text);
      assert.equal(parsed.kind === 'run' ? parsed.sql : parsed, sql, text);
    }
  });

  it('makes non-breaking and other wide spaces plain, in SQL and between words', () => {
    assert.deepEqual(parseCommand('run\u00a0select\u00a0 1'), run('select  1'));
    assert.deepEqual(parseCommand('run --limit\u00a05 select 1'), run('select 1', { limit: 5 }));
    assert.deepEqual(parseCommand('run\u3000select 1'), run('select 1'));
    assert.deepEqual(parseCommand('\ufeffrun select\u200b 1'), run('select 1'));
  });

  it('keeps unicode in the SQL as typed', () => {
    assert.deepEqual(parseCommand("run select '数据 ✓ 🚀' as `列`"), run("select '数据 ✓ 🚀' as `列`"));
    assert.deepEqual(parseCommand('run select ‘x’'), run('select ‘x’'));
  });

  it('reads options before the SQL', () => {
    assert.deepEqual(parseCommand('run -p analytics_dev select 1'), run('select 1', { project: 'analytics_dev' }));
    assert.deepEqual(parseCommand('run --project=p1 select 1'), run('select 1', { project: 'p1' }));
    assert.deepEqual(parseCommand('run --limit 500 select 1'), run('select 1', { limit: 500 }));
    assert.deepEqual(parseCommand('run --LIMIT=1 select 1'), run('select 1', { limit: 1 }));
    assert.deepEqual(parseCommand('run --limit 10000 select 1'), run('select 1', { limit: 10000 }));
    assert.deepEqual(parseCommand('run --mention select 1'), run('select 1', { mention: true }));
    assert.deepEqual(
      parseCommand('run --hint odps.sql.allow.fullscan=true --hint odps.sql.type.system.odps2=true select 1'),
      run('select 1', { hints: { 'odps.sql.allow.fullscan': 'true', 'odps.sql.type.system.odps2': 'true' } }),
    );
    assert.deepEqual(
      parseCommand('run -p p --limit 5 --hint a.b=c --mention\n```sql\nselect 1\n```'),
      run('select 1', { project: 'p', limit: 5, hints: { 'a.b': 'c' }, mention: true }),
    );
  });

  it('reads quoted option values, smart quotes included', () => {
    assert.deepEqual(
      parseCommand('run --hint "odps.sql.timezone=Asia/Shanghai x" select 1'),
      run('select 1', { hints: { 'odps.sql.timezone': 'Asia/Shanghai x' } }),
    );
    assert.deepEqual(parseCommand('run --hint k=“a b” select 1'), run('select 1', { hints: { k: 'a b' } }));
    assert.deepEqual(parseCommand('run --hint “k=a b” select 1'), run('select 1', { hints: { k: 'a b' } }));
    assert.deepEqual(parseCommand('run --hint ”k=a b” select 1'), run('select 1', { hints: { k: 'a b' } }));
    assert.deepEqual(parseCommand('run --limit "20" select 1'), run('select 1', { limit: 20 }));
    assert.deepEqual(parseCommand('run --hint k=a&amp;b select 1'), run('select 1', { hints: { k: 'a&b' } }));
  });

  it('reads a smart dash as --', () => {
    assert.deepEqual(parseCommand('run —limit 3 select 1'), run('select 1', { limit: 3 }));
    assert.deepEqual(parseCommand('run –mention select 1'), run('select 1', { mention: true }));
  });

  it('opens the modal (empty SQL) when nothing follows the options', () => {
    assert.deepEqual(parseCommand('run'), run(''));
    assert.deepEqual(parseCommand('run   \n'), run(''));
    assert.deepEqual(parseCommand('run -p proj'), run('', { project: 'proj' }));
    assert.deepEqual(parseCommand('run --mention --limit 3'), run('', { limit: 3, mention: true }));
  });

  it('starts the SQL at a lone -- (an SQL comment) or at a dash that is not an option', () => {
    assert.deepEqual(parseCommand('run -- daily count\nselect 1'), run('-- daily count\nselect 1'));
    assert.deepEqual(parseCommand('run --limit 2 --\nselect 1'), run('--\nselect 1', { limit: 2 }));
    assert.deepEqual(parseCommand('run -1'), run('-1'));
    assert.deepEqual(parseCommand('run "--limit" 5'), run('"--limit" 5'));
  });

  it('refuses bad options with the offending token', () => {
    const cases: Array<[string, string, string]> = [
      ['run --csv select 1', 'bad_option', '--csv'],
      ['run --since 2h select 1', 'bad_option', '--since'],
      ['run --bogus select 1', 'bad_option', '--bogus'],
      ['run -x select 1', 'bad_option', '-x'],
      ['run --mention=yes select 1', 'bad_option', '--mention=yes'],
      ['run --TODO fix this\nselect 1', 'bad_option', '--TODO'],
      ['run --hint "k=v select 1', 'bad_option', '"k=v select 1'],
      ['run --limit', 'missing_option_value', '--limit'],
      ['run -p', 'missing_option_value', '-p'],
      ['run -p --limit 4 select 1', 'missing_option_value', '-p'],
      ['run --hint --mention select 1', 'missing_option_value', '--hint'],
      ['run --limit 0 select 1', 'bad_limit', '0'],
      ['run --limit 10001 select 1', 'bad_limit', '10001'],
      ['run --limit -5 select 1', 'bad_limit', '-5'],
      ['run --limit 1e3 select 1', 'bad_limit', '1e3'],
      ['run --limit ５ select 1', 'bad_limit', '５'],
      ['run --limit select 1', 'bad_limit', 'select'],
      ['run --limit=12abc select 1', 'bad_limit', '12abc'],
      ['run --limit 99999999999999999999 select 1', 'bad_limit', '99999999999999999999'],
      ['run -p bad-name select 1', 'bad_project', 'bad-name'],
      ['run -p "my proj" select 1', 'bad_project', 'my proj'],
      ['run -p 项目 select 1', 'bad_project', '项目'],
      [`run -p ${'a'.repeat(129)} select 1`, 'bad_project', 'a'.repeat(60)],
      ['run --hint novalue select 1', 'bad_hint', 'novalue'],
      ['run --hint =v select 1', 'bad_hint', '=v'],
      ['run --hint k= select 1', 'bad_hint', 'k='],
      ['run --hint "k y=v" select 1', 'bad_hint', 'k y=v'],
      ['run --hint __proto__=x select 1', 'bad_hint', '__proto__=x'],
      [`run --hint k=${'v'.repeat(1001)} select 1`, 'bad_hint', `k=${'v'.repeat(58)}`],
      ['run -p a -p b select 1', 'unexpected_argument', '-p b'],
      ['run --limit 1 --limit 2 select 1', 'unexpected_argument', '--limit 2'],
      ['run --hint k=1 --hint k=2 select 1', 'unexpected_argument', '--hint k=2'],
    ];
    for (const [text, code, detail] of cases) {
      assert.deepEqual(parseCommand(text), { kind: 'usage', problem: { code, detail }, subcommand: 'run' }, text);
    }
  });

  it('accepts hint values of exactly 1000 characters and keys of 128', () => {
    const key = `k${'.x'.repeat(63)}a`;
    assert.equal(key.length, 128);
    assert.deepEqual(
      parseCommand(`run --hint ${key}=${'v'.repeat(1000)} select 1`),
      run('select 1', { hints: { [key]: 'v'.repeat(1000) } }),
    );
    assert.deepEqual(parseCommand('run --hint k=a=b select 1'), run('select 1', { hints: { k: 'a=b' } }));
  });

  it('answers --help with the run help page', () => {
    assert.deepEqual(parseCommand('run --help'), { kind: 'help', topic: 'run' });
    assert.deepEqual(parseCommand('run -p x -h select 1'), { kind: 'help', topic: 'run' });
  });
});

describe('/odps cost', () => {
  it('reads the project and hints before the SQL, like run; "estimate" is the same command', () => {
    assert.deepEqual(parseCommand('cost -p sales --hint odps.sql.allow.fullscan=true select * from t'), {
      kind: 'cost',
      sql: 'select * from t',
      project: 'sales',
      hints: { 'odps.sql.allow.fullscan': 'true' },
    });
    assert.deepEqual(parseCommand('estimate ```select 1```'), { kind: 'cost', sql: 'select 1', hints: {} });
  });

  it('takes none of run’s result options, and needs SQL (there is no editor to open)', () => {
    assert.deepEqual(parseCommand('cost --limit 5 select 1'), {
      kind: 'usage',
      problem: { code: 'bad_option', detail: '--limit' },
      subcommand: 'cost',
    });
    assert.deepEqual(parseCommand('cost --mention select 1'), {
      kind: 'usage',
      problem: { code: 'bad_option', detail: '--mention' },
      subcommand: 'cost',
    });
    assert.deepEqual(parseCommand('cost -p sales'), {
      kind: 'usage',
      problem: { code: 'missing_sql' },
      subcommand: 'cost',
    });
    assert.deepEqual(parseCommand('cost --help'), { kind: 'help', topic: 'cost' });
  });
});
