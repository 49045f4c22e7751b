/** Messages between the store (main thread) and the thread that owns the SQLite connection. */
import type { LedgerRecord } from '../../ledger/ledger-record.js';

export interface SqliteWorkerData {
  filename: string;
}

export type SqliteWorkerRequest =
  | { id: number; type: 'query'; sql: string; parameters: readonly unknown[] }
  /** Holds records on the worker until the `insert-ledger-records` of the same batch writes them all in one transaction. */
  | { id: number; type: 'stage-ledger-records'; batchId: number; records: readonly LedgerRecord[] }
  | { id: number; type: 'insert-ledger-records'; batchId: number; records: readonly LedgerRecord[] }
  | { id: number; type: 'close' };

export interface SqliteQueryResult {
  rows: unknown[];
  numAffectedRows?: bigint;
  insertId?: bigint;
}

export type SqliteWorkerMessage =
  | { type: 'ready' }
  | { type: 'open-failed'; message: string }
  | { type: 'result'; id: number; result: SqliteQueryResult | null }
  | { type: 'failure'; id: number; message: string; code: string | null };

export function isSqliteWorkerMessage(value: unknown): value is SqliteWorkerMessage {
  if (typeof value !== 'object' || value === null || !('type' in value)) return false;
  return ['ready', 'open-failed', 'result', 'failure'].includes(String(value.type));
}

export function isSqliteWorkerRequest(value: unknown): value is SqliteWorkerRequest {
  if (typeof value !== 'object' || value === null || !('type' in value) || !('id' in value)) return false;
  return typeof value.id === 'number' && ['query', 'stage-ledger-records', 'insert-ledger-records', 'close'].includes(String(value.type));
}
