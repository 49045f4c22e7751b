/**
 * Writes ledger records with prepared statements in one transaction. It runs on the thread that owns the
 * SQLite connection; kept free of worker plumbing so its cost can be measured on its own.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { LedgerRecord } from '../../ledger/ledger-record.js';
import { ATTEMPT_COLUMNS, REQUEST_COLUMNS, toAttemptRows, toRequestRow, toRequestTagRows } from '../ledger-rows.js';
import { createSqliteUsageWriter } from '../usage/sqlite-usage-writer.js';
import { UsageBatch } from '../usage/usage-batch.js';

export type SqliteLedgerInserter = (records: readonly LedgerRecord[]) => void;

export interface SqliteLedgerInserterOptions {
  /** Off only in the benchmark that measures what keeping the rollups in the same transaction costs. */
  maintainRollups?: boolean;
}

export function createSqliteLedgerInserter(database: BetterSqlite3.Database, options: SqliteLedgerInserterOptions = {}): SqliteLedgerInserter {
  const insertRequest = database.prepare(insertSql('requests', REQUEST_COLUMNS, 'id'));
  const insertTag = database.prepare('insert into request_tags (request_id, tag) values (@request_id, @tag) on conflict (request_id, tag) do nothing');
  const insertAttempt = database.prepare(insertSql('attempts', ATTEMPT_COLUMNS, 'request_id, attempt'));
  const usageWriter = createSqliteUsageWriter(database, options.maintainRollups ?? true);

  return database.transaction((records: readonly LedgerRecord[]) => {
    const usage = new UsageBatch();
    for (const record of records) {
      const requestRow = toRequestRow(record);
      // An id already present was written whole by an earlier transaction: its tags and attempts are there too.
      if (insertRequest.run(requestRow).changes === 0) continue;
      const tagRows = toRequestTagRows(record);
      for (const tagRow of tagRows) insertTag.run(tagRow);
      for (const attemptRow of toAttemptRows(record)) insertAttempt.run(attemptRow);
      usage.addInserted(record, requestRow, tagRows.map((tagRow) => tagRow.tag));
    }
    usageWriter(usage);
  });
}

function insertSql(table: string, columns: readonly string[], conflictTarget: string): string {
  const names = columns.join(', ');
  const parameters = columns.map((column) => `@${column}`).join(', ');
  return `insert into ${table} (${names}) values (${parameters}) on conflict (${conflictTarget}) do nothing`;
}
