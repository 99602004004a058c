import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeSpaces, unescapeSlackText } from '../../../src/slack/commands/grammar/slack-text.ts';
import { stripCodeFormatting } from '../../../src/slack/commands/grammar/sql-argument.ts';
import { readAllTokens, readToken } from '../../../src/slack/commands/grammar/tokens.ts';

describe('grammar building blocks', () => {
  it('splits words on any whitespace and keeps their positions', () => {
    const text = ' a\u00a0bb\n\tccc\u3000d ';
    assert.deepEqual(
      readAllTokens(text, 0).map((token) => [token.value, text.slice(token.start, token.end)]),
      [
        ['a', 'a'],
        ['bb', 'bb'],
        ['ccc', 'ccc'],
        ['d', 'd'],
      ],
    );
    assert.equal(readToken('   ', 0), undefined);
  });

  it('groups quoted text, any pairing of straight and smart quotes, and marks an unclosed quote', () => {
    assert.deepEqual(
      readAllTokens('"a b" “c d” „e f“ x"y z"w', 0).map((token) => token.value),
      ['a b', 'c d', 'e f', 'xy zw'],
    );
    const open = readToken('k="a b c', 0);
    assert.equal(open?.value, 'k=a b c');
    assert.equal(open?.unterminated, true);
    assert.equal(readToken('""', 0)?.value, '');
    assert.equal(readToken('""', 0)?.quoted, true);
  });

  it('keeps a Slack entity with spaces in its label as one word, but not across lines', () => {
    assert.deepEqual(
      readAllTokens('<https://x/?a=1|Logview link> next', 0).map((token) => token.value),
      ['<https://x/?a=1|Logview link>', 'next'],
    );
    assert.deepEqual(
      readAllTokens('<a\nb> c', 0).map((token) => token.value),
      ['<a', 'b>', 'c'],
    );
    assert.deepEqual(
      readAllTokens('<<<< x', 0).map((token) => token.value),
      ['<<<<', 'x'],
    );
  });

  it('undoes Slack escaping once, entity by entity', () => {
    assert.equal(unescapeSlackText('a &amp;lt; b'), 'a &lt; b');
    assert.equal(unescapeSlackText('&lt;&gt;&amp;&quot;'), '<>&&quot;');
    assert.equal(
      unescapeSlackText('<@W1|bob> <@U2> <#C3> <#C4|chan> <!channel> <!subteam^S1|@devs>'),
      '@bob @U2 #C3 #chan @channel @devs',
    );
    assert.equal(unescapeSlackText('<https://a.b|https://a.b> <ftp://c>'), 'https://a.b ftp://c');
    assert.equal(unescapeSlackText('x < y and y > z'), 'x < y and y > z');
  });

  it('makes wide spaces plain and drops invisible ones', () => {
    assert.equal(normalizeSpaces('a\u00a0b\u202fc\u2007d\u3000e\u200bf\ufeffg'), 'a b c d efg');
  });

  it('strips code formatting until none is left at either end', () => {
    const cases: Array<[string, string]> = [
      ['```sql\nselect 1\n```', 'select 1'],
      ['```Hive\nselect 1```', 'select 1'],
      ['```sqlx\nselect 1```', 'sqlx\nselect 1'],
      ['` ```select 1``` `', 'select 1'],
      ['``select 1``', 'select 1'],
      ['`', '`'],
      ['````', '`'],
      ['```', ''],
      ['select `a`', 'select `a`'],
      ['  select 1  ', 'select 1'],
    ];
    for (const [input, output] of cases) assert.equal(stripCodeFormatting(input), output, input);
  });
});
