/**
 * Writes ledger records with prepared statements in one transaction. It runs on the thread that owns the
 * SQLite connection; kept free of worker plumbing so its cost can be measured on its own.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { LedgerRecord } from '../../ledger/ledger-record.js';
import { ATTEMPT_COLUMNS, REQUEST_COLUMNS, toAttemptRows, toRequestRow, toRequestTagRows } from '../ledger-rows.js';

export type SqliteLedgerInserter = (records: readonly LedgerRecord[]) => void;

export function createSqliteLedgerInserter(database: BetterSqlite3.Database): SqliteLedgerInserter {
  const insertRequest = database.prepare(insertSql('requests', REQUEST_COLUMNS, 'id'));
  const insertTag = database.prepare('insert into request_tags (request_id, tag) values (@request_id, @tag) on conflict (request_id, tag) do nothing');
  const insertAttempt = database.prepare(insertSql('attempts', ATTEMPT_COLUMNS, 'request_id, attempt'));

  return database.transaction((records: readonly LedgerRecord[]) => {
    for (const record of records) {
      // An id already present was written whole by an earlier transaction: its tags and attempts are there too.
      if (insertRequest.run(toRequestRow(record)).changes === 0) continue;
      for (const tagRow of toRequestTagRows(record)) insertTag.run(tagRow);
      for (const attemptRow of toAttemptRows(record)) insertAttempt.run(attemptRow);
    }
  });
}

function insertSql(table: string, columns: readonly string[], conflictTarget: string): string {
  const names = columns.join(', ');
  const parameters = columns.map((column) => `@${column}`).join(', ');
  return `insert into ${table} (${names}) values (${parameters}) on conflict (${conflictTarget}) do nothing`;
}
