/**
 * The thread that owns the SQLite connection. better-sqlite3 is synchronous: run on the main thread, a
 * 500-record ledger flush or a month-long usage query would stall every request in flight.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';
import { createSqliteLedgerInserter } from './sqlite-ledger-inserter.js';
import type { LedgerRecord } from '../../ledger/ledger-record.js';
import type { SqliteLedgerInserter } from './sqlite-ledger-inserter.js';
import { isSqliteWorkerRequest } from './sqlite-worker-protocol.js';
import type { SqliteQueryResult, SqliteWorkerData, SqliteWorkerMessage, SqliteWorkerRequest } from './sqlite-worker-protocol.js';
import { openSqliteDatabase } from './open-sqlite-database.js';

const STATEMENT_CACHE_SIZE = 200;

class SqliteWorker {
  private readonly statements = new Map<string, BetterSqlite3.Statement>();
  private inserter: SqliteLedgerInserter | null = null;
  private staged: { batchId: number; records: LedgerRecord[] } = { batchId: -1, records: [] };

  constructor(private readonly database: BetterSqlite3.Database) {}

  handle(request: SqliteWorkerRequest): SqliteQueryResult | null {
    switch (request.type) {
      case 'query':
        return this.query(request.sql, request.parameters);
      case 'stage-ledger-records':
        this.stage(request.batchId, request.records);
        return null;
      case 'insert-ledger-records': {
        this.stage(request.batchId, request.records);
        const records = this.staged.records;
        this.staged = { batchId: -1, records: [] };
        // Prepared on first use, after the migrations have created the tables.
        this.inserter ??= createSqliteLedgerInserter(this.database);
        this.inserter(records);
        return null;
      }
      case 'close':
        this.statements.clear();
        this.database.close();
        return null;
    }
  }

  private stage(batchId: number, records: readonly LedgerRecord[]): void {
    // A new batch id means an earlier batch was abandoned half sent: its records were never acknowledged.
    if (this.staged.batchId !== batchId) this.staged = { batchId, records: [] };
    this.staged.records.push(...records);
  }

  private query(sql: string, parameters: readonly unknown[]): SqliteQueryResult {
    const statement = this.prepare(sql);
    const values = parameters.map((value) => (typeof value === 'boolean' ? Number(value) : value));
    if (statement.reader) return { rows: statement.all(values) };
    const { changes, lastInsertRowid } = statement.run(values);
    return { rows: [], numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid) };
  }

  private prepare(sql: string): BetterSqlite3.Statement {
    const cached = this.statements.get(sql);
    if (cached) return cached;
    const statement = this.database.prepare(sql);
    if (this.statements.size >= STATEMENT_CACHE_SIZE) {
      const oldest = this.statements.keys().next().value;
      if (oldest !== undefined) this.statements.delete(oldest);
    }
    this.statements.set(sql, statement);
    return statement;
  }
}

function post(message: SqliteWorkerMessage): void {
  parentPort?.postMessage(message);
}

function isWorkerData(value: unknown): value is SqliteWorkerData {
  return typeof value === 'object' && value !== null && 'filename' in value && typeof value.filename === 'string';
}

function start(): void {
  if (!parentPort) throw new Error('sqlite-worker.ts runs as a worker thread, started by the SQLite store');
  if (!isWorkerData(workerData)) {
    post({ type: 'open-failed', message: 'the SQLite worker was started without a filename' });
    return;
  }
  let worker: SqliteWorker;
  try {
    worker = new SqliteWorker(openSqliteDatabase(workerData.filename));
  } catch (error) {
    post({ type: 'open-failed', message: error instanceof Error ? error.message : String(error) });
    return;
  }
  parentPort.on('message', (message: unknown) => {
    if (!isSqliteWorkerRequest(message)) return;
    try {
      post({ type: 'result', id: message.id, result: worker.handle(message) });
    } catch (error) {
      const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : null;
      post({ type: 'failure', id: message.id, message: error instanceof Error ? error.message : String(error), code });
    }
  });
  post({ type: 'ready' });
}

start();
