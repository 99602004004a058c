import type { DuckDBConnection, DuckDBInstance, DuckDBResult, DuckDBValue } from '@duckdb/node-api';

/**
 * Every SELECT's full result, kept in DuckDB (schema `__results`, one table per result, columns
 * c0, c1, ...) for the Instance Tunnel, which serves results of any size where `?result` stops at
 * 10,000 rows. Results are appended chunk by chunk on a connection of their own; reads stream from a
 * fresh connection each, so a slow tunnel client never holds up the SQL queue. The oldest results
 * are dropped past `maxResults`; a result over `maxRows` rows is not kept at all.
 */
export interface StoredResult {
  /** undefined when the result could not be kept (too many rows, or a type a table cannot hold). */
  readonly table: string | undefined;
  /** Every row, or `maxRows + 1` when there were more. */
  readonly rowCount: number;
  /** The first rows, for the inline CSV. */
  readonly firstRows: DuckDBValue[][];
}

export interface ResultStoreLimits {
  readonly maxResults: number;
  readonly maxRows: number;
}

const SCHEMA = '__results';

export class ResultStore {
  private readonly instance: DuckDBInstance;
  private readonly connection: DuckDBConnection;
  private readonly limits: ResultStoreLimits;
  private readonly tables: string[] = [];
  private sequence = 0;

  private constructor(instance: DuckDBInstance, connection: DuckDBConnection, limits: ResultStoreLimits) {
    this.instance = instance;
    this.connection = connection;
    this.limits = limits;
  }

  static async create(instance: DuckDBInstance, limits: ResultStoreLimits): Promise<ResultStore> {
    const connection = await instance.connect();
    await connection.run(`CREATE SCHEMA IF NOT EXISTS ${SCHEMA}`);
    return new ResultStore(instance, connection, limits);
  }

  /** Reads `result` to its end (or past maxRows), keeping it whole when it fits, and its first `keepRows`. */
  async store(result: DuckDBResult, keepRows: number): Promise<StoredResult> {
    const table = `r${++this.sequence}`;
    const appender = await this.openTable(table, result.columnTypes().map(String));
    const firstRows: DuckDBValue[][] = [];
    let rowCount = 0;
    try {
      for (let chunk = await result.fetchChunk(); chunk !== null && chunk.rowCount > 0; ) {
        if (firstRows.length < keepRows) firstRows.push(...chunk.getRows().slice(0, keepRows - firstRows.length));
        rowCount += chunk.rowCount;
        if (rowCount > this.limits.maxRows) break;
        appender?.appendDataChunk(chunk);
        chunk = await result.fetchChunk();
      }
      appender?.closeSync();
    } catch (error) {
      try {
        appender?.closeSync();
      } catch {
        // The run failed; the half-written table goes either way.
      }
      await this.drop(table);
      throw error;
    }
    if (appender === undefined || rowCount > this.limits.maxRows) {
      await this.drop(table);
      return { table: undefined, rowCount: Math.min(rowCount, this.limits.maxRows + 1), firstRows };
    }
    this.tables.push(table);
    while (this.tables.length > this.limits.maxResults) await this.drop(this.tables.shift() as string);
    return { table, rowCount, firstRows };
  }

  /** Rows [start, start + count) of a stored result, a chunk at a time; undefined when it was dropped. */
  async *read(table: string, start: number, count: number): AsyncGenerator<DuckDBValue[][]> {
    if (!this.tables.includes(table)) throw new Error(`result ${table} is no longer kept`);
    const connection = await this.instance.connect();
    try {
      const result = await connection.stream(
        `SELECT * FROM ${SCHEMA}.${table} LIMIT ${Math.trunc(count)} OFFSET ${Math.trunc(start)}`,
      );
      for (let chunk = await result.fetchChunk(); chunk !== null && chunk.rowCount > 0; ) {
        yield chunk.getRows();
        chunk = await result.fetchChunk();
      }
    } finally {
      connection.closeSync();
    }
  }

  has(table: string): boolean {
    return this.tables.includes(table);
  }

  close(): void {
    this.connection.closeSync();
  }

  private async openTable(table: string, types: readonly string[]) {
    try {
      const columns = types.map((type, i) => `c${i} ${type}`).join(', ');
      await this.connection.run(`CREATE TABLE ${SCHEMA}.${table} (${columns === '' ? 'c0 INTEGER' : columns})`);
      return await this.connection.createAppender(table, SCHEMA);
    } catch {
      await this.drop(table);
      return undefined; // e.g. a type no table can hold: this result is then not downloadable
    }
  }

  private async drop(table: string): Promise<void> {
    await this.connection.run(`DROP TABLE IF EXISTS ${SCHEMA}.${table}`);
  }
}
