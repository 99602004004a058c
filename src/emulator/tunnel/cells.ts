import {
  DuckDBArrayValue,
  DuckDBBlobValue,
  DuckDBDateValue,
  type DuckDBIntervalValue,
  DuckDBListValue,
  DuckDBTimestampMillisecondsValue,
  DuckDBTimestampNanosecondsValue,
  DuckDBTimestampSecondsValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  type DuckDBValue,
} from '@duckdb/node-api';
import type { Cell, SecondsNanos } from './record-writer.ts';

/**
 * A DuckDB value as the tunnel carries a column of the given MaxCompute type (the type the result's
 * schema names, sql/odps-types.ts). DuckDB's TIMESTAMP has no zone; as in the result CSV it is read
 * as UTC, so a datetime is milliseconds since the epoch. Times before 1970 floor: -1.5 s is -2 s
 * plus 500,000,000 ns. Types the emulator names `string` travel as the text the CSV shows.
 */
const utf8 = new TextEncoder();

export function cellOf(value: DuckDBValue, type: string): Cell {
  if (value === null) return null;
  const array = /^array<(.+)>$/.exec(type);
  if (array?.[1] !== undefined) return listItems(value).map((item) => cellOf(item, array[1] as string));
  switch (type) {
    case 'bigint':
    case 'int':
    case 'smallint':
    case 'tinyint':
      return typeof value === 'bigint' ? value : BigInt(value as number);
    case 'double':
    case 'float':
      return Number(value);
    case 'boolean':
      return value === true;
    case 'datetime':
      return epochMillis(value);
    case 'date':
      return BigInt((value as DuckDBDateValue).days);
    case 'timestamp':
    case 'timestamp_ntz':
      return secondsAndNanos(epochNanos(value));
    case 'interval_day_time':
      return intervalOf(value as DuckDBIntervalValue);
    case 'binary':
      return value instanceof DuckDBBlobValue ? value.bytes : utf8.encode(String(value));
    default:
      return utf8.encode(typeof value === 'string' ? value : String(value));
  }
}

function listItems(value: DuckDBValue): readonly DuckDBValue[] {
  if (value instanceof DuckDBListValue || value instanceof DuckDBArrayValue) return value.items;
  throw new Error(`not a list: ${String(value)}`);
}

function epochMillis(value: DuckDBValue): bigint {
  if (value instanceof DuckDBTimestampMillisecondsValue) return value.millis;
  if (value instanceof DuckDBTimestampSecondsValue) return value.seconds * 1000n;
  return floorDiv(epochNanos(value), 1_000_000n);
}

function epochNanos(value: DuckDBValue): bigint {
  if (value instanceof DuckDBTimestampNanosecondsValue) return value.nanos;
  if (value instanceof DuckDBTimestampValue || value instanceof DuckDBTimestampTZValue) return value.micros * 1000n;
  if (value instanceof DuckDBTimestampMillisecondsValue) return value.millis * 1_000_000n;
  if (value instanceof DuckDBTimestampSecondsValue) return value.seconds * 1_000_000_000n;
  if (value instanceof DuckDBDateValue) return BigInt(value.days) * 86_400_000_000_000n;
  throw new Error(`not a timestamp: ${String(value)}`);
}

function secondsAndNanos(nanos: bigint): SecondsNanos {
  const seconds = floorDiv(nanos, 1_000_000_000n);
  return { seconds, nanos: Number(nanos - seconds * 1_000_000_000n) };
}

/** interval_day_time has no months: an interval with months cannot be sent, and the download fails. */
function intervalOf(value: DuckDBIntervalValue): SecondsNanos {
  if (value.months !== 0) throw new Error(`an interval of ${value.months} months is not an interval_day_time`);
  return secondsAndNanos(BigInt(value.days) * 86_400_000_000_000n + value.micros * 1000n);
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}
