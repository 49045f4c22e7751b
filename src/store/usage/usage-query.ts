/**
 * GET /v1/usage's query: whole days of the window from the daily rollups, the whole hours around them from
 * the hourly rollups, and the partial hours at its edges from the raw rows, merged exactly. A month of ten
 * million requests is then a scan of a few hundred thousand rollup rows, not of the requests. Latency
 * percentiles come from the rollups' fixed histogram (approximate to a bucket) unless exact percentiles
 * are asked for, which ranks the raw rows.
 */
import { sql } from 'kysely';
import type { Store } from '../store.js';
import { exactLatencyPercentiles } from './exact-latency-percentiles.js';
import type { ExactPercentiles } from './exact-latency-percentiles.js';
import { histogramPercentile } from './percentiles.js';
import { DAY_MS, HOUR_MS, ROLLUP_MEASURE_COLUMNS } from './rollup-columns.js';
import { rawMeasureExpressions } from './raw-measures.js';
import { executeTuned } from './tuned-query.js';
import { addMeasures, emptyMeasures, readMeasures } from './usage-measures.js';
import type { UsageMeasures } from './usage-measures.js';
import type { UsageDimension, UsageGroup, UsageInterval, UsageQuery, UsageWindow } from './usage-query-types.js';
import {
  bucketExpression, bucketStartMs, compareDescending, compareGroups, dimensionExpression, filterConditions, fromClause, groupByPositions, groupKey, groupValue, timeColumnOf,
  timeCondition, whereClause,
} from './usage-sql.js';
import type { MeasureSource } from './usage-sql.js';

export interface LatencyPercentiles {
  /** Exact: the nearest-rank value. Approximate: the upper bound of the histogram bucket holding it (null past the last bound). */
  p50Ms: number | null;
  p95Ms: number | null;
  isExact: boolean;
}

export interface UsageResultRow {
  periodStartMs: number | null;
  group: UsageGroup;
  measures: UsageMeasures;
  latency: LatencyPercentiles;
}

export interface UsagePlan {
  /** Whole days answered from the daily rollups, or null (none in the window, or hourly buckets asked for). */
  dailyWindow: UsageWindow | null;
  /** Whole hours outside those days, answered from the hourly rollups. */
  hourlyWindows: UsageWindow[];
  /** Partial hours at the edges, answered from the raw rows. */
  rawWindows: UsageWindow[];
}

export interface UsageResult {
  rows: UsageResultRow[];
  /** Every request of the window once (also when grouped by tag, where rows overlap). */
  total: { measures: UsageMeasures; latency: LatencyPercentiles };
  plan: UsagePlan;
}

interface GroupedMeasures {
  periodStartMs: number | null;
  values: Array<string | null>;
  measures: UsageMeasures;
}

export function planWindow(window: UsageWindow, interval: UsageInterval | null): UsagePlan {
  const firstWholeHour = ceilTo(window.fromMs, HOUR_MS);
  const lastWholeHourEnd = floorTo(window.toMs, HOUR_MS);
  if (firstWholeHour >= lastWholeHourEnd) return { dailyWindow: null, hourlyWindows: [], rawWindows: [window] };
  const rawWindows = nonEmpty([{ fromMs: window.fromMs, toMs: firstWholeHour }, { fromMs: lastWholeHourEnd, toMs: window.toMs }]);
  const firstWholeDay = ceilTo(window.fromMs, DAY_MS);
  const lastWholeDayEnd = floorTo(window.toMs, DAY_MS);
  if (interval === 'hour' || firstWholeDay >= lastWholeDayEnd) {
    return { dailyWindow: null, hourlyWindows: [{ fromMs: firstWholeHour, toMs: lastWholeHourEnd }], rawWindows };
  }
  return {
    dailyWindow: { fromMs: firstWholeDay, toMs: lastWholeDayEnd },
    hourlyWindows: nonEmpty([{ fromMs: firstWholeHour, toMs: firstWholeDay }, { fromMs: lastWholeDayEnd, toMs: lastWholeHourEnd }]),
    rawWindows,
  };
}

function ceilTo(ms: number, periodMs: number): number {
  return Math.ceil(ms / periodMs) * periodMs;
}

function floorTo(ms: number, periodMs: number): number {
  return Math.floor(ms / periodMs) * periodMs;
}

function nonEmpty(windows: UsageWindow[]): UsageWindow[] {
  return windows.filter((window) => window.fromMs < window.toMs);
}

export async function queryUsage(store: Store, query: UsageQuery): Promise<UsageResult> {
  const plan = planWindow(query, query.interval);
  const hasTagFilter = (query.filters.tag?.length ?? 0) > 0;
  const isGroupedByTag = query.groupBy.includes('tag');
  // Independent queries: on Postgres each takes its own pooled connection, so they run at the same time.
  const [grouped, tagTotals, exact, exactTotal] = await Promise.all([
    aggregate(store, query, plan, query.groupBy, query.interval, isGroupedByTag || hasTagFilter),
    // Per-tag rows overlap (a request with two tags is in both), so their total is asked for on its own.
    isGroupedByTag ? aggregate(store, query, plan, [], null, hasTagFilter) : null,
    query.exactPercentiles ? exactLatencyPercentiles(store, query, query.groupBy, query.interval, isGroupedByTag || hasTagFilter) : null,
    query.exactPercentiles ? exactLatencyPercentiles(store, query, [], null, hasTagFilter) : null,
  ]);

  const rows = [...grouped.entries()].map(([key, entry]): UsageResultRow => ({
    periodStartMs: entry.periodStartMs,
    group: groupOf(query.groupBy, entry.values),
    measures: entry.measures,
    latency: latencyOf(entry.measures, exact, key),
  }));
  rows.sort(compareRows);

  let totalMeasures: UsageMeasures;
  if (tagTotals) {
    totalMeasures = tagTotals.values().next().value?.measures ?? emptyMeasures();
  } else {
    totalMeasures = emptyMeasures();
    for (const row of rows) addMeasures(totalMeasures, row.measures);
  }
  return { rows, total: { measures: totalMeasures, latency: latencyOf(totalMeasures, exactTotal, groupKey(null, [])) }, plan };
}

async function aggregate(
  store: Store,
  query: UsageQuery,
  plan: UsagePlan,
  groupBy: readonly UsageDimension[],
  interval: UsageInterval | null,
  usesTags: boolean,
): Promise<Map<string, GroupedMeasures>> {
  const sources: Array<[MeasureSource, UsageWindow[]]> = [];
  if (plan.dailyWindow) sources.push(['daily', [plan.dailyWindow]]);
  if (plan.hourlyWindows.length > 0) sources.push(['hourly', plan.hourlyWindows]);
  if (plan.rawWindows.length > 0) sources.push(['raw', plan.rawWindows]);
  const results = await Promise.all(sources.map(([source, windows]) => aggregateSource(store, query, source, windows, groupBy, interval, usesTags)));
  const merged = new Map<string, GroupedMeasures>();
  for (const result of results) {
    for (const [key, entry] of result) {
      const existing = merged.get(key);
      if (existing) addMeasures(existing.measures, entry.measures);
      else merged.set(key, entry);
    }
  }
  return merged;
}

async function aggregateSource(
  store: Store,
  query: UsageQuery,
  source: MeasureSource,
  windows: readonly UsageWindow[],
  groupBy: readonly UsageDimension[],
  interval: UsageInterval | null,
  usesTags: boolean,
): Promise<Map<string, GroupedMeasures>> {
  const keyColumns = [
    ...(interval ? [bucketExpression(store.engine, interval, timeColumnOf(source))] : []),
    ...groupBy.map((dimension) => dimensionExpression(source, dimension)),
  ];
  const measures =
    source === 'raw'
      ? rawMeasureExpressions('requests').map(([alias, expression]) => `${expression} as ${alias}`)
      : ROLLUP_MEASURE_COLUMNS.map((column) => `sum(${column}) as ${column}`);
  const select = [...keyColumns.map((expression, index) => `${expression} as k${index}`), ...measures].join(', ');
  const conditions = [timeCondition(source, windows), ...filterConditions(source, query.filters)];
  const statement = sql<Record<string, unknown>>`select ${sql.raw(select)} from ${sql.raw(fromClause(source, usesTags))} ${whereClause(conditions)} ${groupByPositions(keyColumns.length)}`;
  // Each part is a few tens of thousands of rows at most: merging parallel workers' partial sums of fifty
  // columns cost more than it saved (a month of ten million requests: daily part 94 ms parallel, 20 ms not;
  // raw edges 244 ms against 84 ms).
  const result = await executeTuned(store, statement, { withoutParallelWorkers: true });
  const grouped = new Map<string, GroupedMeasures>();
  for (const row of result.rows) {
    // A query without groups over no rows still answers one row of nulls: nothing to add.
    if (keyColumns.length === 0 && (row.requests === null || row.requests === 0n || row.requests === '0')) continue;
    const periodStartMs = interval ? bucketStartMs(row.k0) : null;
    const values = groupBy.map((_, index) => groupValue(row[`k${index + (interval ? 1 : 0)}`]));
    grouped.set(groupKey(periodStartMs, values), { periodStartMs, values, measures: readMeasures(row) });
  }
  return grouped;
}

function groupOf(groupBy: readonly UsageDimension[], values: ReadonlyArray<string | null>): UsageGroup {
  const group: UsageGroup = {};
  groupBy.forEach((dimension, index) => {
    group[dimension] = values[index] ?? null;
  });
  return group;
}

function latencyOf(measures: UsageMeasures, exact: Map<string, ExactPercentiles> | null, key: string): LatencyPercentiles {
  if (exact) {
    const found = exact.get(key);
    return { p50Ms: found?.p50Ms ?? null, p95Ms: found?.p95Ms ?? null, isExact: true };
  }
  return {
    p50Ms: histogramPercentile(measures.latencyHistogram, 50)?.upperBoundMs ?? null,
    p95Ms: histogramPercentile(measures.latencyHistogram, 95)?.upperBoundMs ?? null,
    isExact: false,
  };
}

function compareRows(left: UsageResultRow, right: UsageResultRow): number {
  const byPeriod = (left.periodStartMs ?? 0) - (right.periodStartMs ?? 0);
  if (byPeriod !== 0) return byPeriod;
  return compareDescending(left.measures.money.cost_pico, right.measures.money.cost_pico) || compareGroups(left.group, right.group);
}
