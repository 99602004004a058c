import { MaxComputeUnsupportedTypeError } from '../errors.ts';

/**
 * Result columns as the tunnel's session describes them, and how each MaxCompute type is carried in
 * a record (docs/maxcompute-protocol.md, "Tunnel records: the field values").
 */

/** `interval_day_time`: whole seconds (floor) and the nanoseconds after them. */
export interface TunnelInterval {
  readonly seconds: bigint;
  readonly nanos: number;
}

/**
 * One decoded value. NULL is `null`; bigint is `bigint`; int, smallint, tinyint, float and double
 * are `number`; decimal is its exact text (`'12.50'`); string, varchar, char and json are strings
 * (UTF-8, invalid bytes as U+FFFD); binary is a `Uint8Array`; datetime is a `Date` (milliseconds,
 * an instant); date is `'yyyy-mm-dd'`; timestamp is ISO 8601 in UTC with nine fraction digits
 * (`'2024-03-15T08:30:00.123456789Z'`), timestamp_ntz the same without the `Z`.
 */
export type TunnelValue = null | boolean | number | bigint | string | Date | Uint8Array | TunnelInterval;
export type TunnelRow = readonly TunnelValue[];

export interface TunnelColumn {
  readonly name: string;
  /** The type as the session's schema gives it, lower case, e.g. `bigint`, `decimal(10,2)`. */
  readonly type: string;
  readonly nullable: boolean;
}

/** How a value of each supported type is laid out in a record. */
export type ValueKind =
  | 'bigint'
  | 'smallint'
  | 'float'
  | 'double'
  | 'boolean'
  | 'text'
  | 'decimal'
  | 'binary'
  | 'datetime'
  | 'date'
  | 'timestamp'
  | 'timestamp_ntz'
  | 'interval_day_time';

const KINDS: Readonly<Record<string, ValueKind>> = {
  bigint: 'bigint',
  int: 'smallint',
  smallint: 'smallint',
  tinyint: 'smallint',
  float: 'float',
  double: 'double',
  boolean: 'boolean',
  string: 'text',
  varchar: 'text',
  char: 'text',
  json: 'text',
  decimal: 'decimal',
  binary: 'binary',
  datetime: 'datetime',
  date: 'date',
  timestamp: 'timestamp',
  timestamp_ntz: 'timestamp_ntz',
  interval_day_time: 'interval_day_time',
};

/** The kind of a column's type, e.g. `varchar(20)` -> text; arrays, maps, structs and unknown types are refused. */
export function valueKindOf(column: TunnelColumn): ValueKind {
  const base = /^([a-z_0-9]+)\s*(?:\(.*\))?$/.exec(column.type)?.[1];
  const kind = base === undefined ? undefined : KINDS[base];
  if (kind === undefined) throw new MaxComputeUnsupportedTypeError(column.name, column.type);
  return kind;
}
