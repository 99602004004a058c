import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { completenessOf } from '../../../src/gateway/client-calls.ts';
import { translator } from '../../../src/slack/i18n/catalog.ts';
import { resultFile } from '../../../src/slack/messages/result-file.ts';
import { resultPreview } from '../../../src/slack/messages/result-preview.ts';
import type { ResultCompleteness } from '../../../src/tracker/maxcompute-gateway.ts';

const en = translator('en');
const zh = translator('zh-CN');

function table(rows: number) {
  return { columns: ['n'], rows: Array.from({ length: rows }, (_, index) => [String(index)]) };
}

function tableResult(rows: number, completeness: ResultCompleteness) {
  const data = table(rows);
  const csv = `"n"\n${data.rows.map(([n]) => n).join('\n')}\n`;
  return { kind: 'table' as const, taskName: 'AnonymousSQLTask', table: data, csv, completeness };
}

function caption(rows: number, completeness: ResultCompleteness, t = en): string {
  return resultPreview(table(rows), t, undefined, completeness).message.text;
}

describe('how complete a result is', () => {
  it('follows the descriptor; without one, a table of exactly the cap is unknown', () => {
    assert.equal(completenessOf({ SelectResultStatus: 'TRUNCATED' }, 10_000), 'truncated');
    assert.equal(completenessOf({ SelectResultStatus: 'OK' }, 10_000), 'complete');
    assert.equal(completenessOf(undefined, 10_000), 'unknown');
    assert.equal(completenessOf({ IsSelect: true }, 10_000), 'unknown');
    assert.equal(completenessOf(undefined, 9_999), 'complete');
  });
});

describe('a result is never called whole unless it is', () => {
  it('a truncated preview says partial, the rows it holds and the cap', () => {
    assert.equal(
      caption(10_000, 'truncated'),
      'Partial result: MaxCompute’s result API returns at most 10,000 rows and cut this one at 10,000 rows; showing the first 20.',
    );
    assert.match(
      caption(10_000, 'truncated', zh),
      /^部分结果：MaxCompute 的结果接口最多返回 10,000 行，本结果在 10,000 行处被截断/,
    );
    assert.equal(resultPreview(table(5), en, undefined, 'truncated').complete, false);
  });

  it('an unknown one says possibly partial', () => {
    assert.match(caption(10_000, 'unknown'), /^Result preview: first 20 of 10,000 rows, possibly partial/);
    assert.match(caption(10_000, 'unknown', zh), /可能不完整/);
  });

  it('counts rows with the plural the language uses', () => {
    assert.equal(caption(1, 'complete'), 'Result: 1 row');
    assert.equal(caption(2, 'complete'), 'Result: 2 rows');
    assert.equal(caption(1, 'complete', zh), '结果：共 1 行');
  });

  it('the file’s comment says full, partial or possibly partial, as the result is', () => {
    assert.match(resultFile('i1', tableResult(3, 'complete'), en).comment, /^Full result as CSV \(3 rows, /);
    assert.match(resultFile('i1', tableResult(1, 'complete'), en).comment, /^Full result as CSV \(1 row, /);
    const partial = resultFile('i1', tableResult(10_000, 'truncated'), en).comment;
    assert.match(partial, /^Partial result as CSV: the first 10,000 rows \(.+\) only; .* at most 10,000 rows\.$/);
    assert.match(resultFile('i1', tableResult(10_000, 'unknown'), en).comment, /possibly partial/);
    for (const completeness of ['truncated', 'unknown'] as const) {
      for (const t of [en, zh])
        assert.doesNotMatch(resultFile('i1', tableResult(10_000, completeness), t).comment, /Full|完整结果/);
    }
  });

  it('a text result’s file is not counted in rows', () => {
    const file = resultFile('i1', { kind: 'text', taskName: 't', text: 'x'.repeat(5000) }, en);
    assert.equal(file.filename, 'i1.txt');
    assert.equal(file.comment, 'The whole text of the result (4.9 KB)');
  });
});
