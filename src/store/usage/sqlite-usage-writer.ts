/** The SQLite side of a UsageBatch: prepared upserts run inside the ledger inserter's transaction. */
import type BetterSqlite3 from 'better-sqlite3';
import { ROLLUP_TIERS, rollupTable } from './rollup-columns.js';
import type { RollupTable } from './rollup-columns.js';
import { rollupInsertColumns } from './rollup-deltas.js';
import { rollupUpsertParts } from './usage-batch.js';
import type { UsageBatch } from './usage-batch.js';

export function createSqliteUsageWriter(database: BetterSqlite3.Database, maintainRollups: boolean): (batch: UsageBatch) => void {
  const upserts = new Map<RollupTable, BetterSqlite3.Statement>();
  for (const tier of ROLLUP_TIERS) {
    for (const hasTag of [false, true]) {
      const table = rollupTable(tier, hasTag);
      const { head, tail } = rollupUpsertParts(table, hasTag);
      upserts.set(table, database.prepare(`${head}(${rollupInsertColumns(hasTag).map((column) => `@${column}`).join(', ')})${tail}`));
    }
  }
  const insertBody = database.prepare(
    'insert into request_bodies (request_id, request_body, response_body) values (@request_id, @request_body, @response_body) on conflict (request_id) do nothing',
  );
  return (batch) => {
    for (const body of batch.bodies) insertBody.run(body);
    if (!maintainRollups || batch.isEmpty) return;
    for (const { table, rows } of batch.deltas()) {
      const upsert = upserts.get(table);
      if (!upsert) throw new Error(`no upsert prepared for ${table}`);
      for (const row of rows) upsert.run(row);
    }
  };
}
