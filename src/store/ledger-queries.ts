/** Small typed reads over the ledger tables; the usage queries of later stages build on the same helpers. */
import type { LedgerRecord } from '../ledger/ledger-record.js';
import { exactSum, readExactSum } from './exact-sum.js';
import { fromStoredRows } from './ledger-row-reader.js';
import type { Store } from './store.js';

export async function countRequests(store: Store): Promise<number> {
  const row = await store.db.selectFrom('requests').select((expression) => expression.fn.countAll().as('count')).executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function getRequest(store: Store, id: string): Promise<LedgerRecord | null> {
  const row = await store.db.selectFrom('requests').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  const attempts = await store.db.selectFrom('attempts').selectAll().where('request_id', '=', id).orderBy('attempt').execute();
  return fromStoredRows(row, attempts);
}

export interface TimeWindow {
  /** Inclusive, epoch milliseconds. */
  fromMs: number;
  /** Exclusive, epoch milliseconds. */
  toMs: number;
}

/** Exact total of the known costs of requests that arrived in the window (unknown costs count as nothing). */
export async function sumCost(store: Store, window: TimeWindow): Promise<bigint> {
  const row = await store.db
    .selectFrom('requests')
    .select(exactSum('cost_pico', 'cost'))
    .where('created_at_ms', '>=', BigInt(window.fromMs))
    .where('created_at_ms', '<', BigInt(window.toMs))
    .executeTakeFirstOrThrow();
  return readExactSum(row, 'cost');
}
