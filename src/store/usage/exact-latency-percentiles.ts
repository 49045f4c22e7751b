/**
 * Exact nearest-rank p50/p95 latency per group over the raw rows of the whole window. Slower than the
 * rollups' histogram: it reads and sorts every request. Postgres computes it with percentile_disc, which is
 * the nearest-rank percentile (the first value whose position reaches p × n); SQLite, which has no ordered-set
 * aggregates, ranks the rows with window functions.
 */
import { sql } from 'kysely';
import { integerOrNull } from '../exact-sum.js';
import type { Store } from '../store.js';
import { executeTuned, REPORT_WORK_MEM_MB } from './tuned-query.js';
import type { UsageDimension, UsageInterval, UsageQuery } from './usage-query-types.js';
import {
  bucketExpression, bucketStartMs, dimensionExpression, filterConditions, fromClause, groupByPositions, groupKey, groupValue, timeCondition, whereClause,
} from './usage-sql.js';

export interface ExactPercentiles {
  p50Ms: number | null;
  p95Ms: number | null;
}

export async function exactLatencyPercentiles(
  store: Store,
  query: UsageQuery,
  groupBy: readonly UsageDimension[],
  interval: UsageInterval | null,
  usesTags: boolean,
): Promise<Map<string, ExactPercentiles>> {
  const keys = [
    ...(interval ? [bucketExpression(store.engine, interval, 'requests.created_at_ms')] : []),
    ...groupBy.map((dimension) => dimensionExpression('raw', dimension)),
  ];
  const conditions = [timeCondition('raw', [query]), ...filterConditions('raw', query.filters)];
  const from = sql.raw(fromClause('raw', usesTags));
  const keySelect = keys.map((expression, index) => `${expression} as k${index}`);
  const percentiles = new Map<string, ExactPercentiles>();
  const keyOf = (row: Record<string, unknown>): string =>
    groupKey(interval ? bucketStartMs(row.k0) : null, groupBy.map((_, index) => groupValue(row[`k${index + (interval ? 1 : 0)}`])));

  if (store.engine === 'postgres') {
    const select = [
      ...keySelect,
      'percentile_disc(0.5) within group (order by requests.latency_ms) as p50',
      'percentile_disc(0.95) within group (order by requests.latency_ms) as p95',
    ].join(', ');
    const result = await executeTuned(store, sql<Record<string, unknown>>`select ${sql.raw(select)} from ${from} ${whereClause(conditions)} ${groupByPositions(keys.length)}`, { workMemMb: REPORT_WORK_MEM_MB });
    for (const row of result.rows) percentiles.set(keyOf(row), { p50Ms: numberOrNull(row.p50), p95Ms: numberOrNull(row.p95) });
    return percentiles;
  }

  const partition = keys.length > 0 ? `partition by ${keys.join(', ')}` : '';
  const inner = [
    ...keySelect,
    'requests.latency_ms as latency_ms',
    `row_number() over (${partition} order by requests.latency_ms) as rank_in_group`,
    `count(*) over (${partition}) as group_size`,
  ].join(', ');
  const outer = [...keys.map((_, index) => `k${index}`), 'latency_ms', 'rank_in_group', 'group_size'].join(', ');
  const result = await sql<Record<string, unknown>>`
    select ${sql.raw(outer)} from (select ${sql.raw(inner)} from ${from} ${whereClause(conditions)}) ranked
    where rank_in_group = (group_size * 50 + 99) / 100 or rank_in_group = (group_size * 95 + 99) / 100`.execute(store.db);
  for (const row of result.rows) {
    const key = keyOf(row);
    const rank = integerOrNull(row.rank_in_group) ?? 0n;
    const size = integerOrNull(row.group_size) ?? 0n;
    const entry = percentiles.get(key) ?? { p50Ms: null, p95Ms: null };
    if (rank === (size * 50n + 99n) / 100n) entry.p50Ms = numberOrNull(row.latency_ms);
    if (rank === (size * 95n + 99n) / 100n) entry.p95Ms = numberOrNull(row.latency_ms);
    percentiles.set(key, entry);
  }
  return percentiles;
}

function numberOrNull(value: unknown): number | null {
  const integer = integerOrNull(value);
  return integer === null ? null : Number(integer);
}
