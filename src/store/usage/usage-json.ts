/**
 * The JSON the usage endpoints answer (and `tollgate usage --json` prints): money as exact decimal strings
 * of USD, counts as numbers, times as ISO 8601 UTC, and notes that say how to read the figures.
 */
import { decimalToString, divideRoundHalfEven, formatUsd } from '../../core/money.js';
import type { OutputTokenQuery, OutputTokenStats } from './output-token-stats.js';
import { LATENCY_BUCKET_BOUNDS_MS } from './rollup-columns.js';
import type { TaskFigures, TaskQuery, TaskResult } from './task-query.js';
import type { UsageMeasures } from './usage-measures.js';
import type { LatencyPercentiles, UsageResult } from './usage-query.js';
import type { UsageGroup, UsageQuery, UsageWindow } from './usage-query-types.js';

export const TAG_OVERLAP_NOTE =
  'grouped by tag: a request with several tags counts once under each, so per-tag rows do not add up to the total; total counts each request once';
export const APPROXIMATE_PERCENTILES_NOTE = `latency_ms p50/p95 are approximate: the upper bound of the fixed histogram bucket holding the percentile (bounds ${LATENCY_BUCKET_BOUNDS_MS.join(', ')} ms; null past the last); add exact_percentiles=true for exact nearest-rank values from the raw rows (slower)`;
export const EXACT_PERCENTILES_NOTE = 'latency_ms p50/p95 are exact nearest-rank values over the raw rows';
export const COST_NOTE =
  'cost_usd adds up known costs exactly; requests of unknown cost add nothing and are counted in cost_unknown_requests; cache_savings_usd is what cache-read tokens would have cost at the plain input price minus what they cost';
export const TIME_NOTE = 'time buckets are UTC; from is inclusive, to exclusive';

export interface MeasuresJson {
  requests: number;
  errors: number;
  tokens: {
    input: number;
    input_no_cache: number;
    cache_read: number;
    cache_write_5m: number;
    cache_write_1h: number;
    output: number;
    output_text: number;
    reasoning: number;
  };
  cost_usd: string;
  cost_details_usd: { input: string; cache_read: string; cache_write: string; output: string; reasoning: string; other: string };
  cost_unknown_requests: number;
  cost_estimated_requests: number;
  cache_savings_usd: string;
  latency_ms: { p50: number | null; p95: number | null };
}

export type UsageRowJson = { period_start?: string } & UsageGroup & MeasuresJson;

export interface UsageResponseJson {
  object: 'usage';
  from: string;
  to: string;
  interval: UsageQuery['interval'];
  group_by: UsageQuery['groupBy'];
  filters: UsageQuery['filters'];
  latency_percentiles: 'exact' | 'approximate';
  /** Where the figures came from: whole days, whole hours, and the partial hours at the edges. */
  source: { daily_rollups: WindowJson | null; hourly_rollups: WindowJson[]; raw_rows: WindowJson[] };
  notes: string[];
  rows: UsageRowJson[];
  total: MeasuresJson;
}

interface WindowJson {
  from: string;
  to: string;
}

export function usageResponseJson(query: UsageQuery, result: UsageResult): UsageResponseJson {
  const notes = [COST_NOTE, query.exactPercentiles ? EXACT_PERCENTILES_NOTE : APPROXIMATE_PERCENTILES_NOTE, TIME_NOTE];
  if (query.groupBy.includes('tag')) notes.unshift(TAG_OVERLAP_NOTE);
  return {
    object: 'usage',
    from: iso(query.fromMs),
    to: iso(query.toMs),
    interval: query.interval,
    group_by: query.groupBy,
    filters: query.filters,
    latency_percentiles: query.exactPercentiles ? 'exact' : 'approximate',
    source: {
      daily_rollups: result.plan.dailyWindow ? windowJson(result.plan.dailyWindow) : null,
      hourly_rollups: result.plan.hourlyWindows.map(windowJson),
      raw_rows: result.plan.rawWindows.map(windowJson),
    },
    notes,
    rows: result.rows.map((row) => ({
      ...(row.periodStartMs === null ? {} : { period_start: iso(row.periodStartMs) }),
      ...row.group,
      ...measuresJson(row.measures, row.latency),
    })),
    total: measuresJson(result.total.measures, result.total.latency),
  };
}

export function measuresJson(measures: UsageMeasures, latency: LatencyPercentiles): MeasuresJson {
  const { counts, tokens, money } = measures;
  return {
    requests: Number(counts.requests),
    errors: Number(counts.errors),
    tokens: {
      input: Number(tokens.input_tokens),
      input_no_cache: Number(tokens.input_no_cache_tokens),
      cache_read: Number(tokens.cache_read_tokens),
      cache_write_5m: Number(tokens.cache_write_5m_tokens),
      cache_write_1h: Number(tokens.cache_write_1h_tokens),
      output: Number(tokens.output_tokens),
      output_text: Number(tokens.output_text_tokens),
      reasoning: Number(tokens.reasoning_tokens),
    },
    cost_usd: formatUsd(money.cost_pico),
    cost_details_usd: {
      input: formatUsd(money.cost_input_pico),
      cache_read: formatUsd(money.cost_cache_read_pico),
      cache_write: formatUsd(money.cost_cache_write_pico),
      output: formatUsd(money.cost_output_pico),
      reasoning: formatUsd(money.cost_reasoning_pico),
      other: formatUsd(money.cost_other_pico),
    },
    cost_unknown_requests: Number(counts.cost_unknown_requests),
    cost_estimated_requests: Number(counts.cost_estimated_requests),
    cache_savings_usd: formatUsd(money.cache_savings_pico),
    latency_ms: { p50: latency.p50Ms, p95: latency.p95Ms },
  };
}

export interface TaskFiguresJson {
  tasks: number;
  successes: number;
  failures: number;
  without_feedback: number;
  requests: number;
  cost_usd: string;
  cost_per_successful_task_usd: string | null;
  cost_unknown_requests: number;
}

export interface TaskResponseJson {
  object: 'usage.tasks';
  from: string;
  to: string;
  group_by: TaskQuery['groupBy'];
  filters: TaskQuery['filters'];
  notes: string[];
  rows: Array<UsageGroup & TaskFiguresJson>;
  total: TaskFiguresJson;
}

export function taskResponseJson(query: TaskQuery, result: TaskResult): TaskResponseJson {
  return {
    object: 'usage.tasks',
    from: iso(query.fromMs),
    to: iso(query.toMs),
    group_by: query.groupBy,
    filters: query.filters,
    notes: [
      'a task counts when it has requests in the window; cost_usd is what all of its requests in the window cost',
      'cost_per_successful_task_usd = cost_usd ÷ successes (every task’s cost, failed ones included), rounded half-even to the picodollar; null without successes',
      'a task whose requests span several groups (two models, say) counts in each; total counts it once',
    ],
    rows: result.rows.map((row) => ({ ...row.group, ...taskFiguresJson(row.figures) })),
    total: taskFiguresJson(result.total),
  };
}

export function taskFiguresJson(figures: TaskFigures): TaskFiguresJson {
  return {
    tasks: Number(figures.tasks),
    successes: Number(figures.successes),
    failures: Number(figures.failures),
    without_feedback: Number(figures.withoutFeedback),
    requests: Number(figures.requests),
    cost_usd: formatUsd(figures.costPico),
    cost_per_successful_task_usd: figures.successes === 0n ? null : formatUsd(divideRoundHalfEven(figures.costPico, figures.successes)),
    cost_unknown_requests: Number(figures.costUnknownRequests),
  };
}

export interface OutputTokenStatsJson {
  requests: number;
  mean: string;
  p50: number;
  p95: number;
  max: number;
  variance: string;
}

export interface OutputTokenResponseJson {
  object: 'usage.output_tokens';
  from: string;
  to: string;
  group_by: OutputTokenQuery['groupBy'];
  filters: OutputTokenQuery['filters'];
  notes: string[];
  rows: Array<UsageGroup & OutputTokenStatsJson>;
}

const DECIMAL_PLACES = 3;

export function outputTokenResponseJson(query: OutputTokenQuery, rows: ReadonlyArray<{ group: UsageGroup; stats: OutputTokenStats }>): OutputTokenResponseJson {
  return {
    object: 'usage.output_tokens',
    from: iso(query.fromMs),
    to: iso(query.toMs),
    group_by: query.groupBy,
    filters: query.filters,
    notes: [
      'output tokens per successful completion (embeddings excluded); p50/p95 are exact nearest-rank values',
      `mean and variance (population) are exact quotients rounded half-even to ${DECIMAL_PLACES} decimals`,
    ],
    rows: rows.map(({ group, stats }) => ({ ...group, ...outputTokenStatsJson(stats) })),
  };
}

export function outputTokenStatsJson(stats: OutputTokenStats): OutputTokenStatsJson {
  const count = stats.requests;
  const scale = 10n ** BigInt(DECIMAL_PLACES);
  const mean = count === 0n ? 0n : divideRoundHalfEven(stats.sum * scale, count);
  const variance = count === 0n ? 0n : divideRoundHalfEven((count * stats.sumOfSquares - stats.sum * stats.sum) * scale, count * count);
  return {
    requests: Number(count),
    mean: decimalToString({ units: mean, scale: DECIMAL_PLACES }),
    p50: Number(stats.p50),
    p95: Number(stats.p95),
    max: Number(stats.max),
    variance: decimalToString({ units: variance, scale: DECIMAL_PLACES }),
  };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function windowJson(window: UsageWindow): WindowJson {
  return { from: iso(window.fromMs), to: iso(window.toMs) };
}
