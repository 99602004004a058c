import type { DuckDBConnection } from '@duckdb/node-api';
import { utcDateTime } from '../http/http-date.ts';
import { odpsTypeName } from './odps-types.ts';
import { quoteLiteral } from './seed.ts';

/**
 * `desc t` and `show tables`, answered from DuckDB's catalog in MaxCompute's text shapes.
 * `show tables` prints one `<owner>:<table>` line per table (the `ALIYUN$...:table` form of the
 * MaxCompute console), sorted by name. The emulator does not track who created a table, so every
 * table is owned by the project owner (the first configured account).
 */
export interface CatalogContext {
  readonly project: string;
  readonly owner: string;
  readonly createdAtMs: number;
}

export type CatalogAnswer =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly text: string };

const WIDTH = 84;

export async function describeTable(
  connection: DuckDBConnection,
  context: CatalogContext,
  tableName: string,
): Promise<CatalogAnswer> {
  const [schema, table] = tableName.includes('.') ? tableName.split('.') : [context.project, tableName];
  const reader = await connection.runAndReadAll(
    `SELECT column_name, data_type FROM information_schema.columns
     WHERE table_catalog = 'memory' AND table_schema = ${quoteLiteral(schema ?? '')} AND table_name = ${quoteLiteral(table ?? '')}
     ORDER BY ordinal_position`,
  );
  const columns = reader.getRows().map((row) => ({ name: String(row[0]), type: odpsTypeName(String(row[1])) }));
  if (columns.length === 0) {
    return { ok: false, text: `ODPS-0130131:Table not found - table ${schema}.${table} cannot be resolved` };
  }
  const count = await connection.runAndReadAll(`SELECT count(*) FROM "${schema}"."${table}"`);
  const rows = Number(count.getRows()[0]?.[0] ?? 0);
  const created = utcDateTime(context.createdAtMs);
  const lines = [
    rule(),
    row(`Owner:                    ${context.owner}`),
    row(`Project:                  ${schema}`),
    row('TableComment:'),
    rule(),
    row(`CreateTime:               ${created}`),
    row(`LastDDLTime:              ${created}`),
    row(`LastModifiedTime:         ${created}`),
    rule(),
    row(`InternalTable: YES      | Size: ${rows * 32}`),
    rule(),
    row('Native Columns:'),
    rule(),
    fieldRow('Field', 'Type', 'Label', 'Comment'),
    rule(),
    ...columns.map((column) => fieldRow(column.name, column.type, '', '')),
    rule(),
  ];
  return { ok: true, text: `${lines.join('\n')}\n` };
}

export async function showTables(
  connection: DuckDBConnection,
  context: CatalogContext,
  project: string | undefined,
): Promise<CatalogAnswer> {
  const schema = project ?? context.project;
  const exists = await connection.runAndReadAll(
    `SELECT 1 FROM information_schema.schemata WHERE catalog_name = 'memory' AND schema_name = ${quoteLiteral(schema)}`,
  );
  if (exists.currentRowCount === 0) return { ok: false, text: `ODPS-0420111:Project not found - '${schema}'` };
  const reader = await connection.runAndReadAll(
    `SELECT table_name FROM information_schema.tables
     WHERE table_catalog = 'memory' AND table_schema = ${quoteLiteral(schema)} ORDER BY table_name`,
  );
  const lines = reader.getRows().map((r) => `${context.owner}:${String(r[0])}`);
  return { ok: true, text: lines.length === 0 ? '' : `${lines.join('\n')}\n` };
}

function rule(): string {
  return `+${'-'.repeat(WIDTH)}+`;
}

function row(text: string): string {
  return `| ${text.padEnd(WIDTH - 2)} |`;
}

function fieldRow(field: string, type: string, label: string, comment: string): string {
  return `| ${field.padEnd(15)} | ${type.padEnd(10)} | ${label.padEnd(5)} | ${comment.padEnd(43)} |`;
}
