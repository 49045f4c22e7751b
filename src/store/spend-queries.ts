/**
 * Exact spend of one budget scope over a time window, read from the ledger to seed budget counters and the
 * spend tracker. Requests whose cost is unknown count as nothing (their cost_pico is null).
 */
import { sql } from 'kysely';
import type { SelectQueryBuilder } from 'kysely';
import type { Database } from './database.js';
import { exactSum, integerOrNull, readExactSum } from './exact-sum.js';
import type { TimeWindow } from './ledger-queries.js';
import type { Store } from './store.js';

export type SpendScope =
  | { kind: 'global' }
  | { kind: 'user' | 'team' | 'feature' | 'key' | 'tag'; value: string };

/** Exact total cost of the scope's requests that arrived in [fromMs, toMs). */
export async function sumSpend(store: Store, scope: SpendScope, window: TimeWindow): Promise<bigint> {
  const row = await scopedRequests(store, scope, window).select(exactSum('requests.cost_pico', 'cost')).executeTakeFirstOrThrow();
  return readExactSum(row, 'cost');
}

/**
 * The same total split into time buckets of `bucketMs` (bucket n holds [n·bucketMs, (n+1)·bucketMs)), for
 * rolling windows. Buckets without spend are absent.
 */
export async function sumSpendByBucket(store: Store, scope: SpendScope, window: TimeWindow, bucketMs: number): Promise<Map<number, bigint>> {
  if (!Number.isSafeInteger(bucketMs) || bucketMs <= 0) throw new RangeError(`bucketMs must be a positive integer, got ${bucketMs}`);
  // Integer division on a non-negative bigint column floors on both engines.
  const bucket = sql<unknown>`${sql.ref('requests.created_at_ms')} / ${sql.lit(bucketMs)}`;
  const rows = await scopedRequests(store, scope, window)
    .select([bucket.as('bucket'), ...exactSum('requests.cost_pico', 'cost')])
    .groupBy(bucket)
    .execute();
  const buckets = new Map<number, bigint>();
  for (const row of rows) {
    const index = integerOrNull(row.bucket);
    const total = readExactSum(row, 'cost');
    if (index !== null && total !== 0n) buckets.set(Number(index), total);
  }
  return buckets;
}

function scopedRequests(store: Store, scope: SpendScope, window: TimeWindow): SelectQueryBuilder<Database, 'requests', object> {
  const query = store.db
    .selectFrom('requests')
    .where('requests.created_at_ms', '>=', BigInt(window.fromMs))
    .where('requests.created_at_ms', '<', BigInt(window.toMs));
  switch (scope.kind) {
    case 'global':
      return query;
    case 'user':
      return query.where('requests.user_id', '=', scope.value);
    case 'team':
      return query.where('requests.team', '=', scope.value);
    case 'feature':
      return query.where('requests.feature', '=', scope.value);
    case 'key':
      return query.where('requests.key_id', '=', scope.value);
    case 'tag':
      return query.where('requests.id', 'in', (subquery) => subquery.selectFrom('request_tags').select('request_tags.request_id').where('request_tags.tag', '=', scope.value));
  }
}
