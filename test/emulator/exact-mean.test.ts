import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { exactMean } from '../../src/emulator/sql/exact-mean.ts';

/** avg(x) on the emulator: the mean of the values as exact numbers, rounded to a double once. */

const finite = fc.double({ noNaN: true, noDefaultInfinity: true });

describe('exact mean', () => {
  test('the order of the values does not change the mean (a running double sum does)', () => {
    fc.assert(
      fc.property(fc.array(finite, { minLength: 1, maxLength: 40 }), (values) => {
        const reversed = [...values].reverse();
        const sorted = [...values].sort((a, b) => a - b);
        assert.equal(exactMean(reversed), exactMean(values));
        assert.equal(exactMean(sorted), exactMean(values));
      }),
    );
    assert.equal(exactMean([1e308, 1e308, -1e308, -1e308, 1]), 0.2);
  });

  test('n copies of x average to x; the mean lies between the smallest and largest value', () => {
    fc.assert(
      fc.property(finite, fc.integer({ min: 1, max: 50 }), (x, n) => {
        assert.ok(Object.is(exactMean(Array(n).fill(x)), x === 0 ? 0 : x));
      }),
    );
    fc.assert(
      fc.property(fc.array(finite, { minLength: 1, maxLength: 40 }), (values) => {
        const mean = exactMean(values) ?? Number.NaN;
        assert.ok(mean >= Math.min(...values) && mean <= Math.max(...values), `${mean} of ${values}`);
      }),
    );
  });

  test('integers whose sum a double holds exactly: one correctly rounded division', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), { minLength: 1, maxLength: 60 }), (ints) => {
        const sum = ints.reduce((a, b) => a + b, 0);
        assert.equal(exactMean(ints), sum / ints.length);
      }),
    );
  });

  test('the iris sepal-length means print as the data says; a running double sum does not', () => {
    const rows = readFileSync(new URL('../../src/emulator/seed/iris.csv', import.meta.url), 'utf8')
      .trim()
      .split('\n');
    const lengths = (name: string) => rows.filter((r) => r.endsWith(`,${name}`)).map((r) => Number(r.split(',')[0]));
    const means = ['Iris-setosa', 'Iris-versicolor', 'Iris-virginica'].map((name) => exactMean(lengths(name)));
    assert.deepEqual(means, [5.006, 5.936, 6.588]);
    let running = 0;
    for (const x of lengths('Iris-setosa')) running += x;
    assert.equal(running / 50, 5.005999999999999);
  });

  test('edges: empty, NaN, infinities, subnormals, the largest doubles', () => {
    assert.equal(exactMean([]), null);
    assert.ok(Number.isNaN(exactMean([1, Number.NaN])));
    assert.ok(Number.isNaN(exactMean([Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])));
    assert.equal(exactMean([Number.NEGATIVE_INFINITY, 3]), Number.NEGATIVE_INFINITY);
    assert.equal(exactMean([5e-324, 5e-324, 5e-324]), 5e-324);
    assert.equal(exactMean([Number.MAX_VALUE, Number.MAX_VALUE]), Number.MAX_VALUE);
  });
});
