/**
 * The columns of the usage rollups, shared by the migration that creates them, the inserters that keep them
 * in step with the raw rows, and the queries that read them. A rollup row is one period (an hour, or a day
 * in the daily tier) of one combination of attribution values; every measure in it is an exact integer sum.
 * Per-tag rollups have the same columns plus `tag`.
 *
 * Money is kept in two columns per amount (the sum of `value / 10^6` and of `value % 10^6`, as in
 * exact-sum.ts), so no running total in a row ever nears the 2^63 limit of a 64-bit integer.
 * Latency is a fixed histogram: percentiles read from it are only as precise as its buckets.
 * The bucket bounds are part of the schema: changing them needs a new migration, not an edit.
 */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** Attribution columns of a rollup row; a missing value is stored as '' so the key has no nulls. */
export const ROLLUP_KEY_COLUMNS = ['user_id', 'team', 'feature', 'key_id', 'model', 'provider_id', 'route', 'status'] as const;
export type RollupKeyColumn = (typeof ROLLUP_KEY_COLUMNS)[number];

export const COUNT_COLUMNS = ['requests', 'errors', 'cost_unknown_requests', 'cost_estimated_requests'] as const;

export const TOKEN_COLUMNS = [
  'input_tokens', 'input_no_cache_tokens', 'cache_read_tokens', 'cache_write_5m_tokens', 'cache_write_1h_tokens',
  'output_tokens', 'output_text_tokens', 'reasoning_tokens',
] as const;
export type TokenColumn = (typeof TOKEN_COLUMNS)[number];

/** Money amounts: each is a `requests` column of picodollars and, in rollups, a `_high`/`_low` pair. */
export const MONEY_COLUMNS = [
  'cost_pico', 'cost_input_pico', 'cost_cache_read_pico', 'cost_cache_write_pico', 'cost_output_pico',
  'cost_reasoning_pico', 'cost_other_pico', 'cache_savings_pico',
] as const;
export type MoneyColumn = (typeof MONEY_COLUMNS)[number];

export const MONEY_SPLIT = 1_000_000n;

/** Upper bounds (inclusive, ms) of the latency buckets; a last bucket takes everything slower. */
export const LATENCY_BUCKET_BOUNDS_MS = [
  10, 25, 50, 100, 200, 300, 500, 750, 1_000, 1_500, 2_000, 3_000, 5_000, 7_500, 10_000, 15_000, 20_000, 30_000,
  45_000, 60_000, 120_000, 300_000, 600_000,
] as const;

export const LATENCY_COLUMNS: readonly string[] = [...LATENCY_BUCKET_BOUNDS_MS.map((bound) => `latency_le_${bound}`), 'latency_le_inf'];

export function moneyHighColumn(column: MoneyColumn): string {
  return `${column}_high`;
}

export function moneyLowColumn(column: MoneyColumn): string {
  return `${column}_low`;
}

/** Every summed column of a rollup row, in table order. */
export const ROLLUP_MEASURE_COLUMNS: readonly string[] = [
  ...COUNT_COLUMNS,
  ...TOKEN_COLUMNS,
  ...MONEY_COLUMNS.flatMap((column) => [moneyHighColumn(column), moneyLowColumn(column)]),
  ...LATENCY_COLUMNS,
];

export type RollupTier = 'hourly' | 'daily';

export const ROLLUP_TIERS: readonly RollupTier[] = ['hourly', 'daily'];

export const TIER_PERIOD_MS: Record<RollupTier, number> = { hourly: HOUR_MS, daily: DAY_MS };

export type RollupTable = 'usage_hourly' | 'usage_hourly_tags' | 'usage_daily' | 'usage_daily_tags';

export function rollupTable(tier: RollupTier, hasTag: boolean): RollupTable {
  if (tier === 'hourly') return hasTag ? 'usage_hourly_tags' : 'usage_hourly';
  return hasTag ? 'usage_daily_tags' : 'usage_daily';
}

/** Index of the latency bucket a duration falls in. */
export function latencyBucketIndex(latencyMs: number): number {
  for (let index = 0; index < LATENCY_BUCKET_BOUNDS_MS.length; index++) {
    if (latencyMs <= (LATENCY_BUCKET_BOUNDS_MS[index] ?? 0)) return index;
  }
  return LATENCY_BUCKET_BOUNDS_MS.length;
}

export function floorToPeriod(epochMs: number, periodMs: number): number {
  return Math.floor(epochMs / periodMs) * periodMs;
}
