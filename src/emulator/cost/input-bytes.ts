import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteIdent } from '../sql/seed.ts';

/**
 * How many bytes a cost estimate says a query reads: for each table (or view) it reads, once, the
 * bytes of its values: every non-NULL value of a fixed-width type at the width DuckDB stores it in
 * (BIGINT 8, DOUBLE 8, DATE 4, BOOLEAN 1, DECIMAL 2 to 16 by precision, …), every string and binary
 * value at its length in bytes, anything else (lists, structs) at the length of its text.
 *
 * Why not DuckDB's own storage figures: `duckdb_tables().estimated_size` is a row estimate, not
 * bytes, and `pragma storage_info` describes blocks and compressed segments, which change with the
 * DuckDB release and with how the rows were inserted. Values' bytes depend on the rows alone, so
 * the same table estimates the same from run to run and release to release, and a bigger table
 * always estimates more. MaxCompute counts compressed bytes of the columns scanned (and only the
 * partitions read); the emulator has no compression or partitions and counts whole tables.
 */
const FIXED_WIDTHS: Readonly<Record<string, number>> = {
  BOOLEAN: 1,
  TINYINT: 1,
  UTINYINT: 1,
  SMALLINT: 2,
  USMALLINT: 2,
  INTEGER: 4,
  UINTEGER: 4,
  FLOAT: 4,
  DATE: 4,
  BIGINT: 8,
  UBIGINT: 8,
  DOUBLE: 8,
  TIME: 8,
  'TIME WITH TIME ZONE': 8,
  TIMESTAMP: 8,
  TIMESTAMP_S: 8,
  TIMESTAMP_MS: 8,
  TIMESTAMP_NS: 8,
  'TIMESTAMP WITH TIME ZONE': 8,
  HUGEINT: 16,
  UHUGEINT: 16,
  INTERVAL: 16,
  UUID: 16,
};

/** The total over `project.table` names (each read once); a name DuckDB does not know adds nothing. */
export async function inputBytes(connection: DuckDBConnection, tables: readonly string[]): Promise<bigint> {
  let total = 0n;
  for (const table of new Set(tables)) total += await relationBytes(connection, table);
  return total;
}

async function relationBytes(connection: DuckDBConnection, qualified: string): Promise<bigint> {
  // Project names have no dot; a table name may (quoted), so the first dot is the separator.
  const dot = qualified.indexOf('.');
  const [schema, name] = [qualified.slice(0, dot), qualified.slice(dot + 1)];
  const reader = await connection.runAndReadAll(
    `SELECT schema_name, table_name, column_name, data_type FROM duckdb_columns()
     WHERE lower(schema_name) = lower($1) AND lower(table_name) = lower($2) ORDER BY column_index`,
    [schema, name],
  );
  const columns = reader.getRows().map((row) => row.map(String));
  const [first] = columns;
  if (first === undefined) return 0n;
  const terms = columns.map(([, , column, type]) => valueBytes(quoteIdent(column ?? ''), type ?? ''));
  const relation = `${quoteIdent(first[0] ?? '')}.${quoteIdent(first[1] ?? '')}`;
  const sum = await connection.runAndReadAll(`SELECT CAST(${terms.join(' + ')} AS BIGINT) FROM ${relation}`);
  const value = sum.getRows()[0]?.[0];
  return typeof value === 'bigint' ? value : BigInt(Number(value ?? 0));
}

/** The SQL that sums one column's bytes over the table. */
function valueBytes(column: string, type: string): string {
  const width = FIXED_WIDTHS[type] ?? decimalWidth(type);
  if (width !== undefined) return `count(${column}) * ${width}`;
  if (type === 'VARCHAR') return `coalesce(sum(strlen(${column})), 0)`;
  if (type === 'BLOB' || type === 'BIT') return `coalesce(sum(octet_length(${column})), 0)`;
  return `coalesce(sum(strlen(CAST(${column} AS VARCHAR))), 0)`;
}

/** DuckDB stores a DECIMAL in 2, 4, 8 or 16 bytes by its precision. */
function decimalWidth(type: string): number | undefined {
  const precision = /^DECIMAL\((\d+),\s*\d+\)$/.exec(type)?.[1];
  if (precision === undefined) return undefined;
  const digits = Number(precision);
  if (digits <= 4) return 2;
  if (digits <= 9) return 4;
  return digits <= 18 ? 8 : 16;
}
