/**
 * A kysely dialect whose one connection lives on the SQLite worker thread: SQLite's own adapter, compiler and
 * introspector, with a driver that ships each compiled query to the worker.
 */
import { CompiledQuery, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler } from 'kysely';
import type { DatabaseConnection, DatabaseIntrospector, Dialect, DialectAdapter, Driver, Kysely, QueryCompiler, QueryResult } from 'kysely';
import type { SqliteWorkerClient } from './sqlite-worker-client.js';

class SqliteWorkerConnection implements DatabaseConnection {
  constructor(private readonly client: SqliteWorkerClient) {}

  async executeQuery<Row>(compiledQuery: CompiledQuery): Promise<QueryResult<Row>> {
    const result = await this.client.request({ type: 'query', sql: compiledQuery.sql, parameters: compiledQuery.parameters });
    if (!result) return { rows: [] };
    // The worker answers rows as the query selected them; kysely's types describe their shape.
    const rows = result.rows as Row[];
    return {
      rows,
      ...(result.numAffectedRows === undefined ? {} : { numAffectedRows: result.numAffectedRows }),
      ...(result.insertId === undefined ? {} : { insertId: result.insertId }),
    };
  }

  async *streamQuery<Row>(compiledQuery: CompiledQuery): AsyncIterableIterator<QueryResult<Row>> {
    // Rows arrive in one message; streaming them one by one keeps kysely's contract.
    const result = await this.executeQuery<Row>(compiledQuery);
    for (const row of result.rows) yield { rows: [row] };
  }
}

class SqliteWorkerDriver implements Driver {
  private readonly connection: SqliteWorkerConnection;
  private releaseLock: (() => void) | null = null;

  constructor(private readonly client: SqliteWorkerClient) {
    this.connection = new SqliteWorkerConnection(client);
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    // The client's lock admits one holder at a time, so one release slot is enough.
    this.releaseLock = await this.client.lock();
    return this.connection;
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(): Promise<void> {
    const release = this.releaseLock;
    this.releaseLock = null;
    release?.();
  }

  async savepoint(connection: DatabaseConnection, savepointName: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint ${quoteIdentifier(savepointName)}`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, savepointName: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to ${quoteIdentifier(savepointName)}`));
  }

  async releaseSavepoint(connection: DatabaseConnection, savepointName: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release ${quoteIdentifier(savepointName)}`));
  }

  async destroy(): Promise<void> {
    await this.client.close();
  }
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export class SqliteWorkerDialect implements Dialect {
  constructor(private readonly client: SqliteWorkerClient) {}

  createDriver(): Driver {
    return new SqliteWorkerDriver(this.client);
  }

  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }

  createAdapter(): DialectAdapter {
    return new SqliteAdapter();
  }

  createIntrospector<Schema>(db: Kysely<Schema>): DatabaseIntrospector {
    return new SqliteIntrospector(db);
  }
}
