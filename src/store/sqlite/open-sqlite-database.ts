import Database from 'better-sqlite3';
import type BetterSqlite3 from 'better-sqlite3';

/**
 * Opens a connection the way the store needs it: integers read as bigint (money above 2^53 stays exact),
 * WAL so readers do not block the writer, FULL sync so a committed batch survives power loss before the
 * ledger deletes its journal copy.
 */
export function openSqliteDatabase(filename: string): BetterSqlite3.Database {
  const database = new Database(filename);
  try {
    database.defaultSafeIntegers(true);
    if (filename !== ':memory:') database.pragma('journal_mode = WAL');
    database.pragma('synchronous = FULL');
    database.pragma('foreign_keys = ON');
    database.pragma('busy_timeout = 5000');
    return database;
  } catch (error) {
    database.close();
    throw error;
  }
}
