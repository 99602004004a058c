import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lexSql } from '../../../src/slack/guard/sql-lexer.ts';
import { splitStatements } from '../../../src/slack/guard/statements.ts';

function kinds(sql: string): string[] {
  return lexSql(sql).map((token) => `${token.kind}:${token.text}`);
}

describe('SQL tokenizer', () => {
  it('reads words, numbers, literals, punctuation and comments', () => {
    assert.deepEqual(kinds("select a1, 1.5e3 from `t` where s = 'x;y' -- c\n/* d */;"), [
      'word:select',
      'word:a1',
      'punct:,',
      'number:1.5e3',
      'word:from',
      'identifier:`t`',
      'word:where',
      'word:s',
      'punct:=',
      "string:'x;y'",
      'comment:-- c',
      'comment:/* d */',
      'semicolon:;',
    ]);
  });

  it('reads backslash escapes in strings and doubled backticks in identifiers', () => {
    assert.deepEqual(kinds("'a\\'b' \"c\\\"d\" 'e\\\\' `f``g`"), [
      "string:'a\\'b'",
      'string:"c\\"d"',
      "string:'e\\\\'",
      'identifier:`f``g`',
    ]);
  });

  it('reads raw strings only where the raw and escaped readings agree', () => {
    assert.deepEqual(kinds('R"(a\\d)" r"x(y)x"'), ['string:R"(a\\d)"', 'string:r"x(y)x"']);
    assert.equal(lexSql('R"(a"b)"').at(-1)?.reason, 'ambiguous');
    assert.equal(lexSql('R"(never closed').at(-1)?.reason, 'unterminated');
  });

  it('marks what it cannot read with certainty', () => {
    const reasons = (sql: string): unknown[] => lexSql(sql).flatMap((token) => token.reason ?? []);
    assert.deepEqual(reasons("'open"), ['unterminated']);
    assert.deepEqual(reasons('/* open'), ['unterminated']);
    assert.deepEqual(reasons('-- a\rb'), ['ambiguous']);
    assert.deepEqual(reasons('/* /* */'), ['ambiguous']);
    assert.deepEqual(reasons('# x'), ['ambiguous']);
    assert.deepEqual(reasons('ѕеlect 1 ＳＥＬＥＣＴ'), ['non_ascii', 'non_ascii']);
    assert.deepEqual(reasons('a\u0007b'), ['control']);
  });

  it('treats Unicode spaces and the BOM as spaces', () => {
    assert.deepEqual(kinds('\ufeffselect\u00a01\u3000x'), ['word:select', 'number:1', 'word:x']);
  });

  it('splits statements at top-level semicolons and drops empty ones', () => {
    const sql = "select ';' ; ; /* c; */ ; desc t -- x;\n";
    assert.deepEqual(
      splitStatements(sql, lexSql(sql)).map((statement) => [statement.text, statement.literalSemicolon]),
      [
        ["select ';'", true],
        ['desc t', true],
      ],
    );
  });
});
