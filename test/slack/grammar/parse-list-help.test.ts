import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCommand } from '../../../src/slack/commands/grammar/index.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('/odps list', () => {
  it('defaults to running and reads scope, --since and -p in any order', () => {
    assert.deepEqual(parseCommand('list'), { kind: 'list', scope: 'all' });
    assert.deepEqual(parseCommand('list running'), { kind: 'list', scope: 'running' });
    assert.deepEqual(parseCommand('list MINE'), { kind: 'list', scope: 'mine' });
    assert.deepEqual(parseCommand('LIST all'), { kind: 'list', scope: 'all' });
    assert.deepEqual(parseCommand('list mine --since 2h'), { kind: 'list', scope: 'mine', sinceMs: 2 * HOUR });
    assert.deepEqual(parseCommand('list --since=30m all'), { kind: 'list', scope: 'all', sinceMs: 30 * MINUTE });
    assert.deepEqual(parseCommand('list -p proj_1 --since 1d'), {
      kind: 'list',
      scope: 'all',
      sinceMs: DAY,
      project: 'proj_1',
    });
    assert.deepEqual(parseCommand('list --project=p all'), { kind: 'list', scope: 'all', project: 'p' });
  });

  it('reads durations in s, m, h, d and sums of them, up to 7 days', () => {
    const cases: Array<[string, number]> = [
      ['90s', 90_000],
      ['30m', 30 * MINUTE],
      ['2H', 2 * HOUR],
      ['1d', DAY],
      ['7d', 7 * DAY],
      ['1h30m', 90 * MINUTE],
      ['1d12h', 36 * HOUR],
      ['168h', 7 * DAY],
      ['604800s', 7 * DAY],
      ['0h1s', 1000],
    ];
    for (const [since, ms] of cases) {
      assert.deepEqual(parseCommand(`list --since ${since}`), { kind: 'list', scope: 'all', sinceMs: ms }, since);
    }
  });

  it('refuses bad durations, scopes, options and repeats', () => {
    const cases: Array<[string, string, string | undefined]> = [
      ['list --since 8d', 'bad_since', '8d'],
      ['list --since 7d1s', 'bad_since', '7d1s'],
      ['list --since 0m', 'bad_since', '0m'],
      ['list --since 2', 'bad_since', '2'],
      ['list --since 2w', 'bad_since', '2w'],
      ['list --since 1.5h', 'bad_since', '1.5h'],
      ['list --since -2h', 'bad_since', '-2h'],
      ['list --since h', 'bad_since', 'h'],
      ['list --since 9999999999h', 'bad_since', '9999999999h'],
      ['list --since', 'missing_option_value', '--since'],
      ['list -p', 'missing_option_value', '-p'],
      ['list -p a.b', 'bad_project', 'a.b'],
      ['list failed', 'unexpected_argument', 'failed'],
      ['list mine all', 'unexpected_argument', 'all'],
      ['list --running', 'bad_option', '--running'],
      ['list --limit 5', 'bad_option', '--limit'],
      ['list --since 1h --since 2h', 'unexpected_argument', '--since 2h'],
      ['list -p a --project b', 'unexpected_argument', '--project b'],
      ['list <@U123|alice>', 'unexpected_argument', '<@U123|alice>'],
    ];
    for (const [text, code, detail] of cases) {
      assert.deepEqual(parseCommand(text), { kind: 'usage', problem: { code, detail }, subcommand: 'list' }, text);
    }
  });
});

describe('/odps help, empty text and unknown words', () => {
  it('answers empty or blank text with help', () => {
    for (const text of ['', ' ', '\n\t', '\u00a0', '\u200b\ufeff']) {
      assert.deepEqual(parseCommand(text), { kind: 'help' }, JSON.stringify(text));
    }
  });

  it('reads help with an optional topic, aliases resolved', () => {
    assert.deepEqual(parseCommand('help'), { kind: 'help' });
    assert.deepEqual(parseCommand('HELP'), { kind: 'help' });
    assert.deepEqual(parseCommand('?'), { kind: 'help' });
    assert.deepEqual(parseCommand('--help'), { kind: 'help' });
    assert.deepEqual(parseCommand('help run'), { kind: 'help', topic: 'run' });
    assert.deepEqual(parseCommand('help KILL'), { kind: 'help', topic: 'stop' });
    assert.deepEqual(parseCommand('help hints and more words'), { kind: 'help', topic: 'hints' });
    assert.equal(parseCommand(`help ${'x'.repeat(100)}`).kind, 'help');
    const long = parseCommand(`help ${'x'.repeat(100)}`);
    assert.equal(long.kind === 'help' && long.topic?.length, 60);
  });

  it('refuses unknown first words, SQL included: running SQL takes an explicit run', () => {
    const cases: Array<[string, string]> = [
      ['select 1', 'select'],
      ['SELECT * FROM t', 'SELECT'],
      ['with t as (select 1) select 1', 'with'],
      ['```select 1```', '```select'],
      ['runn select 1', 'runn'],
      ['constructor', 'constructor'],
      ['__proto__', '__proto__'],
      ['ｒｕｎ select 1', 'ｒｕｎ'],
      ['<@U123|alice> run', '<@U123|alice>'],
      ['🚀', '🚀'],
      ['costs select 1', 'costs'],
    ];
    for (const [text, detail] of cases) {
      assert.deepEqual(parseCommand(text), { kind: 'usage', problem: { code: 'unknown_subcommand', detail } }, text);
    }
  });

  it('truncates a long unknown word to 60 characters, never splitting a character', () => {
    const parsed = parseCommand('😀'.repeat(100));
    assert.equal(parsed.kind, 'usage');
    if (parsed.kind === 'usage') assert.equal(parsed.problem.detail, '😀'.repeat(60));
  });

  it('survives input that is not a string at run time', () => {
    assert.deepEqual(parseCommand(undefined as unknown as string), { kind: 'help' });
    assert.deepEqual(parseCommand(42 as unknown as string), { kind: 'help' });
  });
});
