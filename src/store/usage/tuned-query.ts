/**
 * Runs a usage query with Postgres settings fitted to it, set for its transaction only (`set local`):
 * edge queries without parallel workers (merging their partial sums cost more than it saved), and the
 * raw-row reports with room to hash and sort in memory (the default 4 MB work_mem sends a month's sort to
 * disk). SQLite has neither setting; there the query simply runs.
 */
import { sql } from 'kysely';
import type { QueryResult, RawBuilder } from 'kysely';
import type { Store } from '../store.js';

export interface QuerySettings {
  withoutParallelWorkers?: boolean;
  workMemMb?: number;
}

/** Working memory for one report query's sorts and hashes. */
export const REPORT_WORK_MEM_MB = 128;

export async function executeTuned<Row>(store: Store, statement: RawBuilder<Row>, settings: QuerySettings): Promise<QueryResult<Row>> {
  if (store.engine !== 'postgres' || (!settings.withoutParallelWorkers && settings.workMemMb === undefined)) return statement.execute(store.db);
  return store.db.transaction().execute(async (transaction) => {
    if (settings.withoutParallelWorkers) await sql`set local max_parallel_workers_per_gather = 0`.execute(transaction);
    if (settings.workMemMb !== undefined) await sql.raw(`set local work_mem = '${Math.trunc(settings.workMemMb)}MB'`).execute(transaction);
    return statement.execute(transaction);
  });
}
