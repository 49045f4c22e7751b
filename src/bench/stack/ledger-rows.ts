/** Counts the ledger's request rows in the gateway's SQLite file, read-only, beside the running gateway. */
import Database from 'better-sqlite3';

export function countLedgerRows(databaseFile: string): number {
  const database = new Database(databaseFile, { readonly: true, fileMustExist: true });
  try {
    const row: unknown = database.prepare('SELECT count(*) AS count FROM requests').get();
    return typeof row === 'object' && row !== null && 'count' in row && typeof row.count === 'number' ? row.count : 0;
  } finally {
    database.close();
  }
}

/** Polls until the ledger holds `expected` rows or `timeoutMs` passed; the rows found and how long it took. */
export async function waitForLedgerRows(databaseFile: string, expected: number, timeoutMs: number): Promise<{ rows: number; waitedMs: number }> {
  const startedAt = performance.now();
  let rows = countLedgerRows(databaseFile);
  while (rows < expected && performance.now() - startedAt < timeoutMs) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    rows = countLedgerRows(databaseFile);
  }
  return { rows, waitedMs: performance.now() - startedAt };
}

/** Waits until the row count has not changed for `quietMs` (records of earlier load still being flushed). */
export async function waitForLedgerQuiet(databaseFile: string, quietMs: number, timeoutMs: number): Promise<number> {
  const startedAt = performance.now();
  let rows = countLedgerRows(databaseFile);
  let changedAt = performance.now();
  while (performance.now() - changedAt < quietMs && performance.now() - startedAt < timeoutMs) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const now = countLedgerRows(databaseFile);
    if (now !== rows) {
      rows = now;
      changedAt = performance.now();
    }
  }
  return rows;
}
