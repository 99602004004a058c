import type { DuckDBConnection } from '@duckdb/node-api';

/**
 * DuckDB's own parser, as JSON: json_serialize_sql gives the parse tree of a SELECT and
 * json_deserialize_sql prints a tree back as SQL (the printer DuckDB stores views with). The
 * tree holds 64-bit integers (HUGEINT halves, "no location" markers, BIGINT literals) that a
 * JavaScript number would round, so they are kept as their source text both ways.
 */
export type ParseNode = { [key: string]: ParseValue };
export type ParseValue = string | number | boolean | null | ParseNode | ParseValue[] | RawNumber;

/** A JSON number kept as written (JSON.rawJSON's result). */
export interface RawNumber {
  readonly rawJSON: string;
}

type Reviver = (key: string, value: unknown, context?: { source?: string }) => unknown;
interface LosslessJson {
  parse(text: string, reviver: Reviver): unknown;
  rawJSON?: (text: string) => RawNumber;
}

/** The SELECT statements of `sql`, or undefined when DuckDB cannot serialize it (DDL, DML, errors). */
export async function parseSelect(connection: DuckDBConnection, sql: string): Promise<ParseNode[] | undefined> {
  const json = losslessJson();
  if (json === undefined) return undefined;
  const reader = await connection.runAndReadAll('SELECT json_serialize_sql($1::VARCHAR)', [sql]);
  const text = reader.getRows()[0]?.[0];
  if (typeof text !== 'string') return undefined;
  const raw = json.rawJSON;
  const tree = json.parse(text, (_key, value, context) =>
    typeof value === 'number' && !Number.isSafeInteger(value) && /^-?\d+$/.test(context?.source ?? '')
      ? raw?.(context?.source ?? '')
      : value,
  ) as { error?: boolean; statements?: { node: ParseNode }[] };
  if (tree.error === true || tree.statements === undefined) return undefined;
  return tree.statements.map((statement) => statement.node);
}

/** SQL text for one SELECT node, printed by DuckDB. */
export async function printSelect(connection: DuckDBConnection, node: ParseNode): Promise<string> {
  const document = JSON.stringify({ error: false, statements: [{ node, named_param_map: [] }] });
  const reader = await connection.runAndReadAll('SELECT json_deserialize_sql($1::JSON)', [document]);
  return String(reader.getRows()[0]?.[0] ?? '');
}

/** Node 22+ has the source text of parsed numbers and JSON.rawJSON; without them nothing is rewritten. */
function losslessJson(): LosslessJson | undefined {
  const json = JSON as unknown as LosslessJson;
  return typeof json.rawJSON === 'function' ? json : undefined;
}

export function isNode(value: ParseValue | undefined): value is ParseNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !('rawJSON' in value);
}
