import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import { decodeQueryOnce, decodeQueryPyodps, percentDecode } from '../../src/emulator/auth/percent.ts';
import { cdata, el, escapeXmlAttr, renderXmlDocument } from '../../src/emulator/http/xml-writer.ts';
import { defaultInstanceId } from '../../src/emulator/ids.ts';
import { formatValue } from '../../src/emulator/sql/csv.ts';
import { prepareScript } from '../../src/emulator/sql/dialect.ts';
import { odpsFailure } from '../../src/emulator/sql/odps-errors.ts';
import { splitStatements } from '../../src/emulator/sql/split.ts';

/** Small pieces whose mistakes would be hard to see through HTTP. */

describe('XML writer', () => {
  test('escapes text and attributes, splits ]]> across CDATA sections, round-trips through a parser', () => {
    const nasty = `a <b> & "c" 'd' ]]> e\u0001`;
    const xml = renderXmlDocument(el('Root', { A: nasty }, el('T', nasty), el('C', cdata(nasty)), el('Empty')));
    assert.ok(
      xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<Root A="a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos;'),
    );
    assert.ok(xml.includes(']]]]><![CDATA[>'));
    assert.ok(xml.includes('<Empty/>'));
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', trimValues: false }).parse(xml);
    const clean = nasty.replace('\u0001', '\uFFFD');
    assert.equal(parsed.Root['@A'], clean);
    assert.equal(parsed.Root.T, clean);
    assert.equal(parsed.Root.C, clean);
    assert.equal(escapeXmlAttr('x\ny'), 'x&#10;y');
  });
});

describe('query decoding for signatures', () => {
  test('lenient percent-decoding keeps malformed escapes and decodes UTF-8', () => {
    assert.equal(percentDecode('%E4%BD%9C%E4%B8%9A_1'), '作业_1');
    assert.equal(percentDecode('100%'), '100%');
    assert.equal(percentDecode('%zz%3A'), '%zz:');
  });

  test('decode-once keeps +, the PyODPS form turns %2B into a space; repeated names keep the last', () => {
    assert.equal(decodeQueryOnce('marker=ab%2Bcd').get('marker'), 'ab+cd');
    assert.equal(decodeQueryPyodps('marker=ab%2Bcd').get('marker'), 'ab cd');
    assert.deepEqual(
      [...decodeQueryOnce('taskstatus&a=1&a=2')],
      [
        ['taskstatus', ''],
        ['a', '2'],
      ],
    );
  });
});

describe('SQL scripts', () => {
  test('statements split on ; outside quotes and comments, with their offsets', () => {
    const script = `select 'a;b' as "x;y"; -- c;d\nselect 2 /* ; */;\n\n  select 3`;
    const statements = splitStatements(script);
    assert.deepEqual(
      statements.map((s) => s.text),
      [`select 'a;b' as "x;y"`, '-- c;d\nselect 2 /* ; */', 'select 3'],
    );
    for (const statement of statements)
      assert.equal(script.slice(statement.offset, statement.offset + statement.text.length), statement.text);
  });

  test('set prefixes become settings; desc, show tables and insert overwrite become steps', () => {
    const script = prepareScript(
      'set a.b = 1 ;\nSET c=x y;\ndesc p.t;\nshow tables in p;\ninsert overwrite table t select 1',
    );
    assert.deepEqual(script.settings, { 'a.b': '1', c: 'x y' });
    assert.deepEqual(
      script.steps.map((s) => (s.kind === 'sql' ? s.text : s.kind)),
      ['desc', 'show-tables', 'DELETE FROM t', 'INSERT INTO t select 1'],
    );
  });

  test('DuckDB error windows ("LINE 1: ...") map back to the column in the submitted text', () => {
    const statement = `select ${'x'.repeat(120)}, nosuch from t`;
    const message = `Binder Error: Referenced column "nosuch" not found\n\nLINE 1: ...xxxxxxxxxxxxxxxxxxxxxxxxxxxx, nosuch from t\n${' '.repeat(41)}^`;
    const failure = odpsFailure(message, { statement, script: `set a=1;\n${statement}`, offset: 9, project: 'p' });
    assert.equal(
      failure.text,
      `ODPS-0130071:[2,${statement.indexOf('nosuch') + 1}] Semantic analysis exception - Referenced column "nosuch" not found`,
    );
    assert.equal(failure.ranStages, false);
  });
});

describe('result CSV numbers', () => {
  /** Significant digits of a printed double, e.g. `0.0012` -> 2, `5.0` -> 1, `1.5e-7` -> 2. */
  const significantDigits = (text: string) =>
    (text.replace(/e.*$/, '').replace(/[-.]/g, '').replace(/^0+/, '').replace(/0+$/, '') || '0').length;

  test('a DOUBLE prints in its shortest round-trip form, as Java prints a double', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (value) => {
        const printed = formatValue(value, 'DOUBLE');
        assert.ok(Number.parseFloat(printed) === value, printed);
        const digits = significantDigits(printed);
        if (digits > 1)
          assert.notEqual(Number(value.toPrecision(digits - 1)), value, `${printed} has a digit too many`);
      }),
    );
    assert.equal(formatValue(5.006, 'DOUBLE'), '5.006');
    assert.equal(formatValue(5, 'DOUBLE'), '5.0');
  });
});

test('default instance ids: UTC yyyyMMddHHmmss + ms, g, 8 [a-z0-9]', () => {
  const id = defaultInstanceId(Date.UTC(2024, 2, 15, 8, 30, 0, 123), () => 0.5);
  assert.equal(id, '20240315083000123gssssssss');
});
