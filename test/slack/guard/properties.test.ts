import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { classifySql, READ_ONLY_KEYWORDS } from '../../../src/slack/guard/index.ts';

const READ_ONLY_STATEMENTS = [
  'select 1',
  'SELECT a, b FROM t WHERE c = 1',
  "select ';' as s, 'drop table t' from t",
  'with a as (select 1) select * from a',
  '(select 1) union all (select 2)',
  'desc t',
  'show tables',
  'explain insert into t select 1',
  'set odps.sql.allow.fullscan=true',
  'select 1 -- trailing comment',
  '/* c; */ select `x;y` from t',
  "select R\"(\\d+)\", 'it\\'s'",
];

/** Fragments of SQL, friendly and hostile, so random texts reach every branch of the tokenizer. */
const fragment = fc.oneof(
  fc.constantFrom('select', 'SELECT', 'with', 'as', 'desc', 'show', 'explain', 'set', 'from', 'union', 'all'),
  fc.constantFrom('insert', 'into', 'overwrite', 'drop', 'table', 'create', 'update', 't', 'a.b', 'odps.x=1'),
  fc.constantFrom(';', '(', ')', ',', '=', '.', '*', '1', '1.5', "'a;b'", '"x"', "'it\\'s'", '`c;d`', '``'),
  fc.constantFrom('-- c\n', '--', '/* c */', '/*', '*/', '\n', '\r', '\r\n', '\t', '\u00a0', '\ufeff', '\u2028'),
  fc.constantFrom("'", '"', '`', '\\', '#', 'R"(', ')"', "r'", 'ѕеlect', 'ＳＥＬＥＣＴ', 'ſelect', '；', '\u0000'),
  fc.constantFrom(...READ_ONLY_STATEMENTS),
  fc.string({ maxLength: 5 }),
);
const sqlish = fc
  .array(fc.tuple(fragment, fc.constantFrom(' ', '', '\n')), { maxLength: 16 })
  .map((parts) => parts.map(([part, gap]) => part + gap).join(''));
const anySql = fc.oneof(sqlish, fc.string({ unit: 'binary', maxLength: 200 }));
/** Read-only scripts: known statements joined by `;`, with comments and spacing between. */
const readOnlyScript = fc
  .array(
    fc.tuple(fc.constantFrom(...READ_ONLY_STATEMENTS), fc.constantFrom(';', ';\n', ' ;', ';-- c\n', '; /* x */')),
    { minLength: 1, maxLength: 5 },
  )
  // A line comment would swallow the `;` after it on the same line, so such a statement ends the line first.
  .map((parts) =>
    parts.map(([statement, end]) => `${statement}${statement.includes('--') ? '\n' : ''}${end}`).join(''),
  );

describe('classifySql properties', () => {
  it('never throws and answers a well-formed verdict', () => {
    fc.assert(
      fc.property(anySql, (sql) => {
        const verdict = classifySql(sql);
        if (verdict.readOnly) {
          assert.ok(verdict.statements.length > 0);
        } else if (verdict.statement !== undefined) {
          assert.ok(Array.from(verdict.statement).length <= 120);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('accepts only statements whose first keyword is on the read-only list', () => {
    fc.assert(
      fc.property(fc.oneof(anySql, readOnlyScript), (sql) => {
        const verdict = classifySql(sql);
        if (!verdict.readOnly) return;
        for (const statement of verdict.statements) {
          assert.ok(READ_ONLY_KEYWORDS.has(statement.keyword), statement.keyword);
          // The first word after any opening parentheses, whitespace and comments.
          const first = /^(?:[(\s]|\/\*[\s\S]*?\*\/|--[^\n]*\n)*([A-Za-z]+)/.exec(statement.text)?.[1];
          assert.equal(first?.toUpperCase(), statement.keyword, statement.text);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses any read-only SQL once `; drop table x` is added to it', () => {
    fc.assert(
      fc.property(fc.oneof(readOnlyScript, anySql), (sql) => {
        if (!classifySql(sql).readOnly) return;
        // After a newline, since a trailing `-- comment` would rightly swallow what follows on its line.
        const suffixed = [`${sql}\n; drop table x`];
        if (!sql.includes('--')) suffixed.push(`${sql}; drop table x`, `${sql};drop table x;`);
        for (const text of suffixed) {
          const verdict = classifySql(text);
          assert.equal(verdict.readOnly, false, text);
          if (!verdict.readOnly) assert.equal(verdict.reason.keyword, 'DROP', text);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses a read-only script with a write statement anywhere in it', () => {
    const write = fc.constantFrom(
      'insert into t select 1',
      'DROP TABLE t',
      'with a as (select 1) insert into t select 1',
    );
    fc.assert(
      fc.property(readOnlyScript, write, readOnlyScript, (before, statement, after) => {
        const verdict = classifySql(`${before}\n${statement};\n${after}`);
        assert.equal(verdict.readOnly, false);
        if (verdict.readOnly) return;
        // Settings alone do not make a script: `set …; insert …` is a single write.
        const queries = [before, after].flatMap((part) => {
          const partVerdict = classifySql(part);
          return partVerdict.readOnly ? partVerdict.statements.filter((each) => each.keyword !== 'SET') : [];
        });
        const code = queries.length > 0 ? 'multiple_statements_with_write' : 'write_statement';
        assert.equal(verdict.reason.code, code);
      }),
      { numRuns: 2000 },
    );
  });
});
