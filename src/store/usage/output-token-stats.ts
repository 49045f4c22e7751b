/**
 * GET /v1/usage/output-tokens: how long answers run per model and feature — count, mean, nearest-rank p50
 * and p95, max and variance of output tokens per successful completion (embeddings have none) — the spread
 * the pre-flight estimate learns from. Exact, over the raw rows: percentile_disc on Postgres (the nearest
 * rank), window functions on SQLite.
 */
import { sql } from 'kysely';
import { integerOrNull } from '../exact-sum.js';
import type { Store } from '../store.js';
import { executeTuned, REPORT_WORK_MEM_MB } from './tuned-query.js';
import type { UsageDimension, UsageFilters, UsageGroup, UsageWindow } from './usage-query-types.js';
import {
  compareDescending, compareGroups, dimensionExpression, filterConditions, groupByPositions, groupKey, groupValue, timeCondition, whereClause,
} from './usage-sql.js';

export const OUTPUT_TOKEN_DIMENSIONS = ['model', 'feature', 'route', 'provider', 'user', 'team', 'key'] as const satisfies readonly UsageDimension[];
export type OutputTokenDimension = (typeof OUTPUT_TOKEN_DIMENSIONS)[number];

export interface OutputTokenQuery extends UsageWindow {
  groupBy: readonly OutputTokenDimension[];
  filters: Omit<UsageFilters, 'tag' | 'status'>;
}

export interface OutputTokenStats {
  requests: bigint;
  sum: bigint;
  /** Sum of squares, for the variance. */
  sumOfSquares: bigint;
  p50: bigint;
  p95: bigint;
  max: bigint;
}

type StatsRow = { group: UsageGroup; stats: OutputTokenStats };

export async function queryOutputTokenStats(store: Store, query: OutputTokenQuery): Promise<StatsRow[]> {
  const keys = query.groupBy.map((dimension) => dimensionExpression('raw', dimension));
  const conditions = [
    sql`requests.status = 'ok'`,
    sql`requests.endpoint <> 'embeddings'`,
    timeCondition('raw', [query]),
    ...filterConditions('raw', query.filters),
  ];
  const keySelect = keys.map((expression, index) => `${expression} as k${index}`);
  const groups = new Map<string, StatsRow>();
  const entryFor = (row: Record<string, unknown>, read: (column: string) => bigint, sizeColumn: string): StatsRow => {
    const values = query.groupBy.map((_, index) => groupValue(row[`k${index}`]));
    const key = groupKey(null, values);
    let entry = groups.get(key);
    if (!entry) {
      const group: UsageGroup = {};
      query.groupBy.forEach((dimension, index) => {
        group[dimension] = values[index] ?? null;
      });
      entry = { group, stats: { requests: read(sizeColumn), sum: read('token_sum'), sumOfSquares: read('token_square_sum'), p50: 0n, p95: 0n, max: read('token_max') } };
      groups.set(key, entry);
    }
    return entry;
  };

  if (store.engine === 'postgres') {
    const select = [
      ...keySelect,
      'count(*) as group_size',
      'sum(requests.output_tokens) as token_sum',
      'sum(requests.output_tokens * requests.output_tokens) as token_square_sum',
      'max(requests.output_tokens) as token_max',
      'percentile_disc(0.5) within group (order by requests.output_tokens) as p50',
      'percentile_disc(0.95) within group (order by requests.output_tokens) as p95',
    ].join(', ');
    const statement = sql<Record<string, unknown>>`select ${sql.raw(select)} from requests ${whereClause(conditions)} ${groupByPositions(keys.length)}`;
    for (const row of (await executeTuned(store, statement, { workMemMb: REPORT_WORK_MEM_MB })).rows) {
      const read = (column: string): bigint => integerOrNull(row[column]) ?? 0n;
      if (read('group_size') === 0n) continue;
      const entry = entryFor(row, read, 'group_size');
      entry.stats.p50 = read('p50');
      entry.stats.p95 = read('p95');
    }
  } else {
    const partition = keys.length > 0 ? `partition by ${keys.join(', ')}` : '';
    const over = `over (${partition})`;
    const inner = [
      ...keySelect,
      'requests.output_tokens as output_tokens',
      `row_number() over (${partition} order by requests.output_tokens) as rank_in_group`,
      `count(*) ${over} as group_size`,
      `sum(requests.output_tokens) ${over} as token_sum`,
      `sum(requests.output_tokens * requests.output_tokens) ${over} as token_square_sum`,
      `max(requests.output_tokens) ${over} as token_max`,
    ].join(', ');
    const outer = [...keys.map((_, index) => `k${index}`), 'output_tokens', 'rank_in_group', 'group_size', 'token_sum', 'token_square_sum', 'token_max'].join(', ');
    const result = await sql<Record<string, unknown>>`
      select ${sql.raw(outer)} from (select ${sql.raw(inner)} from requests ${whereClause(conditions)}) ranked
      where rank_in_group = (group_size * 50 + 99) / 100 or rank_in_group = (group_size * 95 + 99) / 100`.execute(store.db);
    for (const row of result.rows) {
      const read = (column: string): bigint => integerOrNull(row[column]) ?? 0n;
      const entry = entryFor(row, read, 'group_size');
      const rank = read('rank_in_group');
      const size = entry.stats.requests;
      if (rank === (size * 50n + 99n) / 100n) entry.stats.p50 = read('output_tokens');
      if (rank === (size * 95n + 99n) / 100n) entry.stats.p95 = read('output_tokens');
    }
  }
  return [...groups.values()].sort((left, right) => compareDescending(left.stats.requests, right.stats.requests) || compareGroups(left.group, right.group));
}
