import {
  DOUBLE,
  type DuckDBConnection,
  DuckDBListValue,
  DuckDBScalarFunction,
  type DuckDBValue,
  LIST,
} from '@duckdb/node-api';

/**
 * avg() on DOUBLE the way a careful engine computes it: the mean of the values taken as exact
 * numbers, rounded to a double once. DuckDB's avg adds the doubles one by one, and each addition
 * rounds, so the mean of the iris set's Iris-setosa sepal lengths comes out 5.005999999999999
 * where the data's mean is 5.006. fsum/favg round less often but still round the sum before the
 * division (6.587999999999999 for 6.588). The rewrite in odps-select.ts turns `avg(x)` into
 * `EXACT_AVG(list(x))`, which lands here.
 */
export const EXACT_AVG = 'emulator_exact_avg';

export function registerExactAvg(connection: DuckDBConnection): void {
  connection.registerScalarFunction(
    DuckDBScalarFunction.create({
      name: EXACT_AVG,
      returnType: DOUBLE,
      parameterTypes: [LIST(DOUBLE)],
      mainFunction: (_info, input, output) => {
        const lists = input.getColumnVector(0);
        for (let row = 0; row < input.rowCount; row++) {
          const list = lists.getItem(row);
          output.setItem(row, list instanceof DuckDBListValue ? exactMean(numbersOf(list.items)) : null);
        }
        output.flush();
      },
    }),
  );
}

function numbersOf(items: readonly DuckDBValue[]): number[] {
  return items.filter((item): item is number => typeof item === 'number');
}

/** The mean correctly rounded; null for no values. NaN and infinities follow IEEE addition. */
export function exactMean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let infinite = 0;
  for (const value of values) {
    if (Number.isNaN(value)) return Number.NaN;
    if (!Number.isFinite(value)) {
      if (infinite !== 0 && infinite !== value) return Number.NaN;
      infinite = value;
    }
  }
  if (infinite !== 0) return infinite;
  const parts = values.map(binaryParts).filter((part) => part.mantissa !== 0n);
  if (parts.length === 0) return 0;
  let lowest = Number.POSITIVE_INFINITY;
  for (const part of parts) lowest = Math.min(lowest, part.exponent);
  let sum = 0n;
  for (const part of parts) sum += part.mantissa << BigInt(part.exponent - lowest);
  return divide(sum, BigInt(values.length), lowest);
}

/** value = mantissa * 2^exponent, exactly. */
function binaryParts(value: number): { mantissa: bigint; exponent: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & 0xfffffffffffffn;
  const magnitude = biased === 0 ? fraction : fraction | (1n << 52n);
  return { mantissa: bits >> 63n === 1n ? -magnitude : magnitude, exponent: Math.max(biased, 1) - 1075 };
}

/**
 * (sum / count) * 2^exponent rounded to the nearest double. The quotient is taken to at least 64
 * bits with a sticky last bit (set when anything was cut off), so Number(), which rounds a BigInt
 * to nearest-even, rounds it as it would round the exact quotient.
 */
function divide(sum: bigint, count: bigint, exponent: number): number {
  if (sum === 0n) return 0;
  const negative = sum < 0n;
  const magnitude = negative ? -sum : sum;
  const shift = Math.max(0, 66 + bitLength(count) - bitLength(magnitude));
  const scaled = magnitude << BigInt(shift);
  let quotient = scaled / count;
  let sticky = scaled % count !== 0n;
  let scale = exponent - shift;
  const excess = bitLength(quotient) - 64;
  if (excess > 0) {
    sticky ||= (quotient & ((1n << BigInt(excess)) - 1n)) !== 0n;
    quotient >>= BigInt(excess);
    scale += excess;
  }
  if (sticky) quotient |= 1n;
  const result = timesPowerOfTwo(Number(quotient), scale);
  return negative ? -result : result;
}

function bitLength(value: bigint): number {
  return value.toString(2).length;
}

/** x * 2^power in steps, so no single factor over- or underflows. */
function timesPowerOfTwo(x: number, power: number): number {
  let result = x;
  let left = power;
  while (left > 1000) {
    result *= 2 ** 1000;
    left -= 1000;
  }
  while (left < -1000) {
    result *= 2 ** -1000;
    left += 1000;
  }
  return result * 2 ** left;
}
