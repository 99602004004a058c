import { readFileSync } from 'node:fs';
import type { Cell } from '../../src/emulator/tunnel/record-writer.ts';
import type { TunnelValue } from '../../src/maxcompute/tunnel/columns.ts';

/**
 * The tunnel fixtures PyODPS recorded (test/fixtures/tunnel/, made by record_pyodps_fixtures.py), and
 * the two readings of their tagged JSON values: as the client's decoded values, and as the
 * emulator's cells (what its writer takes).
 */
export type Tagged =
  | null
  | boolean
  | number
  | string
  | { $bigint: string }
  | { $double: string }
  | { $bytes: string }
  | { $date: string }
  | { $interval: [string, number] };

export interface RecordsCase {
  readonly name: string;
  readonly columns: readonly { name: string; type: string }[];
  readonly bytes_hex: string;
  readonly pyodps_read_back: readonly (readonly Tagged[])[];
}

export interface EmulatorRead {
  readonly name: string;
  readonly sql: string;
  readonly columns: readonly { name: string; type: string }[];
  readonly count: number;
  readonly rows?: readonly (readonly Tagged[])[];
  readonly rows_at?: Readonly<Record<string, readonly Tagged[]>>;
  readonly id_sum?: string;
}

function load<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/tunnel/${name}`, import.meta.url), 'utf8'));
}

export const pyodpsRecords = load<{ recorded_with: Record<string, unknown>; cases: RecordsCase[] }>(
  'pyodps-records.json',
);

export function pyodpsCase(name: string): RecordsCase {
  const found = pyodpsRecords.cases.find((c) => c.name === name);
  if (found === undefined) throw new Error(`no fixture case ${name}`);
  return found;
}

export function loadEmulatorReads(): { recorded_with: Record<string, unknown>; reads: EmulatorRead[] } {
  return load('pyodps-reads-emulator.json');
}

const DOUBLES: Record<string, number> = { NaN: Number.NaN, Infinity: Infinity, '-Infinity': -Infinity, '-0': -0 };

/** A tagged value as the client decodes it. */
export function asTunnelValue(value: Tagged): TunnelValue {
  if (value === null || typeof value !== 'object') return value;
  if ('$bigint' in value) return BigInt(value.$bigint);
  if ('$double' in value) return DOUBLES[value.$double] as number;
  if ('$bytes' in value) return new Uint8Array(Buffer.from(value.$bytes, 'hex'));
  if ('$date' in value) return new Date(value.$date);
  return { seconds: BigInt(value.$interval[0]), nanos: value.$interval[1] };
}

/** A tagged value of a column type as the emulator's writer takes it. */
export function asCell(value: Tagged, type: string): Cell {
  const decoded = asTunnelValue(value);
  if (decoded === null) return null;
  if (type === 'datetime') return BigInt((decoded as Date).getTime());
  if (type === 'date') return BigInt(Date.parse(`${decoded as string}T00:00:00Z`) / 86_400_000);
  if (type === 'timestamp' || type === 'timestamp_ntz') {
    const text = decoded as string;
    const seconds = BigInt(Math.floor(Date.parse(`${text.slice(0, 19)}Z`) / 1000));
    return { seconds, nanos: Number(text.slice(20, 29)) };
  }
  if (['bigint', 'int', 'smallint', 'tinyint'].includes(type)) return BigInt(decoded as number | bigint);
  if (typeof decoded === 'string') return new TextEncoder().encode(decoded);
  return decoded as Cell;
}
