/**
 * Exact nearest-rank p50/p95 latency per group, ranked in SQL over the raw rows of the whole window
 * (window functions, on both engines). Slower than the rollups' histogram: it reads every request.
 */
import { sql } from 'kysely';
import type { Store } from '../store.js';
import type { UsageDimension, UsageInterval, UsageQuery } from './usage-query-types.js';
import { integerOrNull } from '../exact-sum.js';
import { bucketExpression, bucketStartMs, dimensionExpression, filterConditions, fromClause, groupKey, groupValue, timeCondition, whereClause } from './usage-sql.js';

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
  const partition = keys.length > 0 ? `partition by ${keys.join(', ')}` : '';
  const keySelect = keys.map((expression, index) => `${expression} as k${index}`);
  const inner = [
    ...keySelect,
    'requests.latency_ms as latency_ms',
    `row_number() over (${partition} order by requests.latency_ms) as rank_in_group`,
    `count(*) over (${partition}) as group_size`,
  ].join(', ');
  const conditions = [timeCondition('raw', [query]), ...filterConditions('raw', query.filters)];
  const outerKeys = keys.map((_, index) => `k${index}`);
  const outer = [...outerKeys, 'latency_ms', 'rank_in_group', 'group_size'].join(', ');
  const result = await sql<Record<string, unknown>>`
    select ${sql.raw(outer)} from (
      select ${sql.raw(inner)} from ${sql.raw(fromClause('raw', usesTags))} ${whereClause(conditions)}
    ) ranked
    where rank_in_group = (group_size * 50 + 99) / 100 or rank_in_group = (group_size * 95 + 99) / 100`.execute(store.db);

  const percentiles = new Map<string, ExactPercentiles>();
  for (const row of result.rows) {
    const periodStartMs = interval ? bucketStartMs(row.k0) : null;
    const values = groupBy.map((_, index) => groupValue(row[`k${index + (interval ? 1 : 0)}`]));
    const key = groupKey(periodStartMs, values);
    const rank = integerOrNull(row.rank_in_group) ?? 0n;
    const size = integerOrNull(row.group_size) ?? 0n;
    const latency = Number(integerOrNull(row.latency_ms) ?? 0n);
    const entry = percentiles.get(key) ?? { p50Ms: null, p95Ms: null };
    if (rank === (size * 50n + 99n) / 100n) entry.p50Ms = latency;
    if (rank === (size * 95n + 99n) / 100n) entry.p95Ms = latency;
    percentiles.set(key, entry);
  }
  return percentiles;
}
