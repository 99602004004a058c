import { readFileSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { parse } from 'csv-parse/sync';

/**
 * Tables every project starts with:
 *   - pyodps_iris: the 150-row iris set PyODPS examples use, in file order;
 *   - t_users: the table PyODPS's captured session queries (`select id, name from t_users`), with a
 *     NULL, a comma, quotes and non-ASCII text in string values;
 *   - orders: bigint, string, double, datetime and boolean columns with a few NULLs, for joins;
 *   - salaries: what a role may be refused (EmulatorRole.unreadableTables), beside the iris it may read.
 */
const IRIS_CSV = new URL('../seed/iris.csv', import.meta.url);

export async function seedProject(connection: DuckDBConnection, project: string): Promise<void> {
  const schema = quoteIdent(project);
  await connection.run(`CREATE SCHEMA ${schema}`);
  await connection.run(
    `CREATE TABLE ${schema}.pyodps_iris (sepallength DOUBLE, sepalwidth DOUBLE, petallength DOUBLE, petalwidth DOUBLE, name STRING)`,
  );
  await connection.run(`INSERT INTO ${schema}.pyodps_iris VALUES ${irisValues()}`);
  await connection.run(
    `CREATE TABLE ${schema}.t_users (id BIGINT, name STRING, email STRING, signup_at DATETIME, active BOOLEAN, score DECIMAL(10,2))`,
  );
  await connection.run(`INSERT INTO ${schema}.t_users VALUES
    (1, 'alice', 'alice@example.com', TIMESTAMP '2024-01-05 09:00:00', true, 12.50),
    (2, 'bob, jr.', 'bob@example.com', TIMESTAMP '2024-02-11 17:30:00', false, 7.25),
    (3, NULL, 'anon@example.com', NULL, true, NULL),
    (4, 'Chloë "Cee" O''Brien', 'chloe@example.com', TIMESTAMP '2024-03-15 08:30:00', true, 99.99),
    (5, '张伟', 'zhang.wei@example.com', TIMESTAMP '2024-03-16 00:00:01', NULL, 0.00)`);
  await connection.run(
    `CREATE TABLE ${schema}.orders (order_id BIGINT, user_id BIGINT, item STRING, quantity BIGINT, amount DOUBLE, ordered_at DATETIME, paid BOOLEAN)`,
  );
  await connection.run(`INSERT INTO ${schema}.orders VALUES
    (1001, 1, 'notebook', 2, 7.5, TIMESTAMP '2024-03-01 10:15:00', true),
    (1002, 1, 'pen, blue', 10, 12.0, TIMESTAMP '2024-03-02 11:00:00', true),
    (1003, 2, 'mug "I <3 SQL"', 1, 9.99, TIMESTAMP '2024-03-03 12:30:45', false),
    (1004, 4, 'café beans 1kg', 1, 18.4, TIMESTAMP '2024-03-04 08:00:00', true),
    (1005, 5, '茶叶', 3, 45.0, TIMESTAMP '2024-03-05 23:59:59', NULL),
    (1006, 3, NULL, 1, NULL, NULL, false),
    (1007, 2, 'stapler', 1, 6.25, TIMESTAMP '2024-03-07 14:20:00', true),
    (1008, 1, 'notebook', 5, 18.75, TIMESTAMP '2024-03-08 09:45:00', true)`);
  await connection.run(
    `CREATE TABLE ${schema}.salaries (employee_id BIGINT, name STRING, department STRING, annual_salary DECIMAL(12,2), currency STRING, effective_from DATE)`,
  );
  await connection.run(`INSERT INTO ${schema}.salaries VALUES
    (1, 'alice', 'engineering', 182000.00, 'USD', DATE '2024-01-01'),
    (2, 'bob, jr.', 'sales', 96500.00, 'USD', DATE '2024-02-15'),
    (3, 'Chloë O''Brien', 'finance', 121000.00, 'EUR', DATE '2023-11-01'),
    (4, '张伟', 'engineering', 450000.00, 'CNY', DATE '2024-03-01'),
    (5, 'dana', 'support', 61250.50, 'USD', DATE '2024-04-01')`);
}

/** Tables shared by all projects: `dual` for `select ... from dual`, and a no-op `sleep()` (see dialect.ts). */
export async function seedShared(connection: DuckDBConnection): Promise<void> {
  await connection.run(`CREATE TABLE main.dual AS SELECT 'X' AS dummy`);
  await connection.run('CREATE MACRO main.sleep(seconds) AS CAST(NULL AS BOOLEAN)');
}

let irisCache: string | undefined;

function irisValues(): string {
  if (irisCache !== undefined) return irisCache;
  const rows = parse(readFileSync(IRIS_CSV, 'utf8'), { from_line: 2, skip_empty_lines: true }) as string[][];
  irisCache = rows
    .map((row) => {
      const numbers = row.slice(0, 4).map((cell) => {
        const value = Number(cell);
        if (!Number.isFinite(value)) throw new Error(`Bad iris seed value: ${cell}`);
        return String(value);
      });
      return `(${numbers.join(', ')}, ${quoteLiteral(row[4] ?? '')})`;
    })
    .join(',\n');
  return irisCache;
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
