import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeBackslashEscapes, parseResultCsv } from '../../../src/maxcompute/decode/csv.ts';
import { decodeTaskResults } from '../../../src/maxcompute/decode/task-results.ts';
import { MaxComputeDecodeError } from '../../../src/maxcompute/errors.ts';
import { instanceResponses, spec, stepResult } from './fixtures.ts';

describe('parseResultCsv', () => {
  it('reads the spec and doc examples', () => {
    const [result] = decodeTaskResults(spec.result);
    assert.deepEqual(parseResultCsv(result?.text ?? ''), {
      columns: ['id', 'name'],
      rows: [
        ['1', 'alice'],
        ['2', 'bob, jr.'],
        ['3', null],
      ],
    });
    assert.deepEqual(parseResultCsv(spec.csvIris), {
      columns: ['sepallength', 'sepalwidth', 'petallength', 'petalwidth', 'name'],
      rows: [['5.1', '3.5', '1.4', '0.2', 'Iris-setosa']],
    });
  });

  it('gives the rows PyODPS open_reader gave for the captured CSV', () => {
    const csv = instanceResponses('result')
      .flatMap((e) => decodeTaskResults(e.body))
      .find((r) => r.format === 'csv');
    assert.ok(csv);
    assert.deepEqual(parseResultCsv(csv.text).rows, stepResult('open_reader_csv'));
  });

  it('nulls only the bare \\N; a quoted "\\N" is the literal text', () => {
    assert.deepEqual(parseResultCsv('"a","b","c"\n\\N,"\\N",""\n').rows, [[null, '\\N', '']]);
  });

  it('reads doubled quotes, embedded newlines and CRLF records', () => {
    assert.deepEqual(parseResultCsv('"a","b"\r\n"say ""hi""","two\nlines"\r\n').rows, [['say "hi"', 'two\nlines']]);
  });

  it('reads empty text as an empty table', () => {
    assert.deepEqual(parseResultCsv(''), { columns: [], rows: [] });
    assert.deepEqual(parseResultCsv('\n'), { columns: [], rows: [] });
    assert.deepEqual(parseResultCsv('"only"\n'), { columns: ['only'], rows: [] });
  });

  it('refuses a row whose width differs from the header, naming the row', () => {
    for (const text of ['"a","b"\n1\n', '"a","b"\n1,2\n1,2,3\n']) {
      assert.throws(
        () => parseResultCsv(text),
        (e: unknown) =>
          e instanceof MaxComputeDecodeError &&
          /row \d+ has \d fields, the header has 2/.test(e.message) &&
          !e.retryable,
      );
    }
  });

  it('refuses broken quoting', () => {
    assert.throws(() => parseResultCsv('"a"\n"x"y"\n'), MaxComputeDecodeError);
    assert.throws(() => parseResultCsv('"a"\n"never closed\n'), MaxComputeDecodeError);
  });

  it('returns backslashes as sent by default, as PyODPS does', () => {
    assert.deepEqual(parseResultCsv('"a"\n"x\\ty\\\\z\\u0041"\n').rows, [['x\\ty\\\\z\\u0041']]);
  });

  it('decodes the documented escapes on request, and keeps unknown ones', () => {
    // In a quoted field the quote itself is still doubled (RFC 4180), so `\"` arrives as `\""`.
    const text = '"a\\tb","c"\n"\\\\n\\n\\t\\r\\""\\u4e2D\\x41",x\\q\\u12\\x4\\\n\\N,"\\N"\n';
    assert.deepEqual(parseResultCsv(text, { unescape: 'backslash' }), {
      columns: ['a\tb', 'c'],
      rows: [
        ['\\n\n\t\r"中A', 'x\\q\\u12\\x4\\'],
        [null, '\\N'],
      ],
    });
  });
});

describe('decodeBackslashEscapes', () => {
  it('decodes in one pass', () => {
    assert.equal(decodeBackslashEscapes('\\\\t'), '\\t');
    assert.equal(decodeBackslashEscapes('\\\\\\t'), '\\\t');
    assert.equal(decodeBackslashEscapes('plain'), 'plain');
    assert.equal(decodeBackslashEscapes('\\'), '\\');
  });
});
