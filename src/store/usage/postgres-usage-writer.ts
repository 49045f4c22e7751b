/** The Postgres side of a UsageBatch: multi-row upserts inside the ledger batch's transaction. */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { LedgerRecord } from '../../ledger/ledger-record.js';
import type { Database } from '../database.js';
import { toRequestTagRows } from '../ledger-rows.js';
import type { RequestRow } from '../ledger-rows.js';
import type { RollupTable } from './rollup-columns.js';
import { rollupInsertColumns } from './rollup-deltas.js';
import type { RollupRow } from './rollup-deltas.js';
import { rollupUpsertParts, UsageBatch } from './usage-batch.js';

/** Postgres refuses a statement with more bind parameters than this. */
const MAX_PARAMETERS = 65_535;

/**
 * `records[i]` is the record of `requestRows[i]`; `insertedIds` are the ids the batch's insert actually
 * wrote (a duplicate, in the batch or from an earlier one, is not among them).
 */
export async function writePostgresUsage(
  transaction: Kysely<Database>,
  records: readonly LedgerRecord[],
  requestRows: readonly RequestRow[],
  insertedIds: Set<string>,
  maintainRollups: boolean,
): Promise<void> {
  const batch = new UsageBatch();
  const pending = new Set(insertedIds);
  records.forEach((record, index) => {
    const row = requestRows[index];
    // The first copy of an inserted id stands for it; a second copy in the same batch adds nothing.
    if (!row || !pending.delete(row.id)) return;
    batch.addInserted(record, row, toRequestTagRows(record).map((tagRow) => tagRow.tag));
  });
  for (const bodies of chunk(batch.bodies, Math.floor(MAX_PARAMETERS / 3))) {
    await transaction.insertInto('request_bodies').values(bodies).onConflict((conflict) => conflict.column('request_id').doNothing()).execute();
  }
  if (!maintainRollups || batch.isEmpty) return;
  for (const { table, hasTag, rows } of batch.deltas()) await upsertRollups(transaction, table, rows, hasTag);
}

async function upsertRollups(transaction: Kysely<Database>, table: RollupTable, rows: readonly RollupRow[], hasTag: boolean): Promise<void> {
  const columns = rollupInsertColumns(hasTag);
  for (const slice of chunk(rows, Math.floor(MAX_PARAMETERS / columns.length))) {
    const values = sql.join(slice.map((row) => sql`(${sql.join(columns.map((column) => valueOf(row, column)))})`));
    const { head, tail } = rollupUpsertParts(table, hasTag);
    await sql`${sql.raw(head)}${values}${sql.raw(tail)}`.execute(transaction);
  }
}

function valueOf(row: RollupRow, column: string): string | bigint {
  const value = row[column];
  if (value === undefined) throw new Error(`rollup row has no value for ${column}`);
  return value;
}

function chunk<Item>(items: readonly Item[], size: number): Item[][] {
  const slices: Item[][] = [];
  for (let start = 0; start < items.length; start += size) slices.push(items.slice(start, start + size));
  return slices;
}
