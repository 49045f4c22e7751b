/** The vocabulary of usage queries: what can be grouped and filtered, how time is bucketed. */
import type { RollupKeyColumn } from './rollup-columns.js';

export const USAGE_DIMENSIONS = ['user', 'feature', 'model', 'provider', 'key', 'team', 'tag', 'route', 'status'] as const;
export type UsageDimension = (typeof USAGE_DIMENSIONS)[number];

export const USAGE_INTERVALS = ['hour', 'day', 'month'] as const;
export type UsageInterval = (typeof USAGE_INTERVALS)[number];

export type UsageFilters = Partial<Record<UsageDimension, readonly string[]>>;

export interface UsageWindow {
  /** Inclusive, epoch milliseconds. */
  fromMs: number;
  /** Exclusive, epoch milliseconds. */
  toMs: number;
}

export interface UsageQuery extends UsageWindow {
  groupBy: readonly UsageDimension[];
  interval: UsageInterval | null;
  /** Each dimension's row must have one of the values. `tag` takes one value (a request may have several tags). */
  filters: UsageFilters;
  /** Latency percentiles from the raw rows (exact, slower) instead of the rollups' histogram. */
  exactPercentiles: boolean;
}

/** The rollup column behind each dimension except `tag`, which has a table of its own. */
export const DIMENSION_COLUMNS: Record<Exclude<UsageDimension, 'tag'>, RollupKeyColumn> = {
  user: 'user_id',
  feature: 'feature',
  model: 'model',
  provider: 'provider_id',
  key: 'key_id',
  team: 'team',
  route: 'route',
  status: 'status',
};

/** One group's values: null where the requests had none (no user, no route, …). */
export type UsageGroup = Partial<Record<UsageDimension, string | null>>;
