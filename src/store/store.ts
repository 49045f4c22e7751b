import type { Kysely } from 'kysely';
import type { LedgerRecord } from '../ledger/ledger-record.js';
import type { Database } from './database.js';

export type StoreEngine = 'sqlite' | 'postgres';

export interface StoreLogger {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

/** Persistence behind one typed query layer; later stages add their queries on `db`. */
export interface Store {
  readonly engine: StoreEngine;
  readonly db: Kysely<Database>;
  /** Idempotent by record id: records, tags and attempts are written in one transaction. */
  insertLedgerRecords(records: readonly LedgerRecord[]): Promise<void>;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  logger?: StoreLogger;
}
