import { openPostgresStore } from './postgres/open-postgres-store.js';
import { openSqliteStore } from './sqlite/open-sqlite-store.js';
import { parseStoreUrl } from './store-url.js';
import type { OpenStoreOptions, Store } from './store.js';

export type { Database, RequestsTable, RequestTagsTable, AttemptsTable, IntegerColumn, NullableIntegerColumn } from './database.js';
export type { OpenStoreOptions, Store, StoreEngine, StoreLogger } from './store.js';
export { parseStoreUrl } from './store-url.js';
export type { StoreLocation } from './store-url.js';
export { countRequests, getRequest, sumCost } from './ledger-queries.js';
export { exactSum, readExactSum } from './exact-sum.js';

/**
 * Opens the store named by `storage.url` and brings its schema up to date. SQLite forms:
 * sqlite://./relative.db, sqlite:///absolute.db, sqlite://:memory:; Postgres: postgres:// or postgresql://
 * (optionally ?schema=name). The SQLite file's directory is created when missing.
 */
export async function openStore(url: string, options: OpenStoreOptions = {}): Promise<Store> {
  const location = parseStoreUrl(url);
  if (location.engine === 'sqlite') return openSqliteStore(location.filename, location.isMemory);
  return openPostgresStore({
    connectionString: location.connectionString,
    schema: location.schema,
    ...(options.logger ? { logger: options.logger } : {}),
  });
}
