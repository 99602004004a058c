import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { registerExactAvg } from './exact-mean.ts';
import { ResultStore, type ResultStoreLimits } from './result-store.ts';
import { quoteLiteral, seedProject, seedShared } from './seed.ts';

/**
 * One in-memory DuckDB with one schema per project. All work goes through one FIFO queue: one
 * connection has one search_path, and instances must see each other's tables in the order they
 * finished.
 */
export class SqlEngine {
  private readonly instance: DuckDBInstance;
  private readonly connection: DuckDBConnection;
  /** Full SELECT results, for the tunnel. */
  readonly results: ResultStore;
  private tail: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(instance: DuckDBInstance, connection: DuckDBConnection, results: ResultStore) {
    this.instance = instance;
    this.connection = connection;
    this.results = results;
  }

  static async create(
    projects: readonly string[],
    limits: ResultStoreLimits = { maxResults: 1000, maxRows: 2_000_000 },
  ): Promise<SqlEngine> {
    const instance = await DuckDBInstance.create(':memory:', {
      // Nothing may be downloaded, and SQL sent to the emulator must not reach the file system.
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
      enable_external_access: 'false',
      // One thread keeps row order stable (row_number() over () in XFlow AppendID, result order).
      threads: '1',
    });
    const connection = await instance.connect();
    registerExactAvg(connection);
    await seedShared(connection);
    for (const project of projects) await seedProject(connection, project);
    return new SqlEngine(instance, connection, await ResultStore.create(instance, limits));
  }

  /** Runs `work` after everything queued before it; a failure does not block the queue. */
  run<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('The SQL engine is closed'));
    const result = this.tail.then(() => work(this.connection));
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Like `run`, with the connection pointed at one project (tables resolve there first, then `main`). */
  inProject<T>(project: string, work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    return this.run(async (connection) => {
      await connection.run('USE memory.main');
      await connection.run(`SET search_path = ${quoteLiteral(`${project},main`)}`);
      return work(connection);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.tail;
    this.results.close();
    this.connection.closeSync();
    this.instance.closeSync();
  }
}
