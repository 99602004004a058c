import type { XflowParameter, XflowSpec } from '../model/instance.ts';

/**
 * The XFlow algorithms the emulator runs, each as one or more real SQL sub-instances:
 *   AppendID  inputTableName, outputTableName, IDColName (default append_id), selectedColNames
 *             (optional, comma-separated) -> one sub-instance: output = id column (from 0, in input
 *             order) + the selected columns;
 *   Split     inputTableName, output1TableName, output2TableName, fraction (0..1), seed or
 *             randomSeed (optional, default 0) -> two sub-instances splitting the rows by a seeded
 *             hash of each row's position, so output1 + output2 = input exactly.
 * Table names may be `project.table`. Anything else fails the instance with ODPS-1220xxx text:
 *   ODPS-1220101  XFlow not found (algorithm not emulated)
 *   ODPS-1220102  invalid or missing parameter
 */
export interface XflowStep {
  /** Action name in ?xresult. */
  readonly name: string;
  readonly sql: string;
}

export type XflowPlan =
  | { readonly ok: true; readonly steps: XflowStep[] }
  | { readonly ok: false; readonly text: string };

export const EMULATED_XFLOWS = ['AppendID', 'Split'] as const;

export function planXflow(spec: XflowSpec): XflowPlan {
  try {
    switch (spec.name.toLowerCase()) {
      case 'appendid':
        return { ok: true, steps: appendId(spec.parameters) };
      case 'split':
        return { ok: true, steps: split(spec.parameters) };
      default:
        return {
          ok: false,
          text: `ODPS-1220101:XFlow not found - ${spec.project}.${spec.name} is not emulated (emulated: ${EMULATED_XFLOWS.join(', ')})`,
        };
    }
  } catch (error) {
    if (error instanceof XflowParameterError) {
      return { ok: false, text: `ODPS-1220102:Invalid parameter - ${error.message}` };
    }
    throw error;
  }
}

class XflowParameterError extends Error {}

function appendId(parameters: readonly XflowParameter[]): XflowStep[] {
  const input = table(parameters, 'inputTableName');
  const output = table(parameters, 'outputTableName');
  const idColumn = identifier(optional(parameters, 'IDColName') ?? 'append_id', 'IDColName');
  const selected = optional(parameters, 'selectedColNames');
  const columns =
    selected === undefined
      ? '*'
      : selected
          .split(',')
          .map((name) => identifier(name.trim(), 'selectedColNames'))
          .join(', ');
  const sql = `CREATE TABLE ${output} AS SELECT row_number() OVER () - 1 AS ${idColumn}, ${columns} FROM ${input};`;
  return [{ name: 'appendid', sql }];
}

function split(parameters: readonly XflowParameter[]): XflowStep[] {
  const input = table(parameters, 'inputTableName');
  const output1 = table(parameters, 'output1TableName');
  const output2 = table(parameters, 'output2TableName');
  const fractionText = required(parameters, 'fraction');
  const fraction = Number(fractionText);
  if (!Number.isFinite(fraction) || fraction < 0 || fraction > 1) {
    throw new XflowParameterError(`fraction must be a number within 0..1, got '${fractionText}'`);
  }
  const seedText = optional(parameters, 'seed') ?? optional(parameters, 'randomSeed') ?? '0';
  if (!/^\d{1,9}$/.test(seedText)) {
    throw new XflowParameterError(`seed must be a non-negative integer, got '${seedText}'`);
  }
  const threshold = Math.round(fraction * 1_000_000);
  const inFirst = `(hash(rowid, ${seedText}) % 1000000) < ${threshold}`;
  return [
    { name: 'split_output1', sql: `CREATE TABLE ${output1} AS SELECT * FROM ${input} WHERE ${inFirst};` },
    { name: 'split_output2', sql: `CREATE TABLE ${output2} AS SELECT * FROM ${input} WHERE NOT (${inFirst});` },
  ];
}

function optional(parameters: readonly XflowParameter[], key: string): string | undefined {
  const value = parameters.find((p) => p.key.toLowerCase() === key.toLowerCase())?.value.trim();
  return value === undefined || value === '' ? undefined : value;
}

function required(parameters: readonly XflowParameter[], key: string): string {
  const value = optional(parameters, key);
  if (value === undefined) throw new XflowParameterError(`${key} is required`);
  return value;
}

/** `table` or `project.table`, quoted for DuckDB (a project is a schema). */
function table(parameters: readonly XflowParameter[], key: string): string {
  const name = required(parameters, key);
  if (!/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/.test(name)) {
    throw new XflowParameterError(`${key} is not a table name: '${name}'`);
  }
  return name
    .split('.')
    .map((part) => `"${part}"`)
    .join('.');
}

function identifier(name: string, key: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    throw new XflowParameterError(`${key} has an invalid column name: '${name}'`);
  }
  return `"${name}"`;
}
