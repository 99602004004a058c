import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifySql } from '../../../src/slack/guard/index.ts';
import { CODES, CORPUS } from './read-only-corpus.ts';

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
