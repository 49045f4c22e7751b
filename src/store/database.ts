/**
 * The typed schema kysely queries against, the same logical schema on SQLite and Postgres.
 *
 * Every integer column reads back as a bigint on both engines (better-sqlite3 with safe integers,
 * pg with int2/int4/int8 parsed to BigInt), so a money sum above 2^53 never passes through a float.
 * Timestamps are integer epoch milliseconds, so both engines compare and bucket them the same way.
 * Booleans are stored as 0/1 integers for the same reason.
 */
import type { ColumnType } from 'kysely';
import type { COUNT_COLUMNS, LATENCY_BUCKET_BOUNDS_MS, MoneyColumn, RollupKeyColumn, TokenColumn } from './usage/rollup-columns.js';

export type IntegerColumn = ColumnType<bigint, number | bigint, number | bigint>;
export type NullableIntegerColumn = ColumnType<bigint | null, number | bigint | null, number | bigint | null>;

export interface RequestsTable {
  id: string;
  created_at_ms: IntegerColumn;
  endpoint: string;
  dialect: string;
  route: string | null;
  model_requested: string;
  provider_id: string | null;
  provider_type: string | null;
  model_served: string | null;
  key_id: string | null;
  /** The attributed end user (`x-tollgate-user`); not named `user`, which Postgres reserves. */
  user_id: string | null;
  team: string | null;
  feature: string | null;
  task: string | null;
  /** JSON array of strings; `request_tags` holds the same tags one per row for grouping. */
  tags: string;
  region: string | null;
  tier: string;
  service_tier: string | null;
  streamed: IntegerColumn;
  status: string;
  http_status: IntegerColumn;
  error_code: string | null;
  error_class: string | null;
  latency_ms: IntegerColumn;
  ttft_ms: NullableIntegerColumn;
  stream_duration_ms: NullableIntegerColumn;
  request_bytes: IntegerColumn;
  response_bytes: IntegerColumn;
  input_tokens: IntegerColumn;
  input_no_cache_tokens: IntegerColumn;
  cache_read_tokens: IntegerColumn;
  cache_write_5m_tokens: IntegerColumn;
  cache_write_1h_tokens: IntegerColumn;
  output_tokens: IntegerColumn;
  output_text_tokens: IntegerColumn;
  reasoning_tokens: IntegerColumn;
  cost_status: string;
  /** Null when the cost is unknown; so are the per-line columns. */
  cost_pico: NullableIntegerColumn;
  cost_input_pico: NullableIntegerColumn;
  cost_cache_read_pico: NullableIntegerColumn;
  cost_cache_write_pico: NullableIntegerColumn;
  cost_output_pico: NullableIntegerColumn;
  cost_reasoning_pico: NullableIntegerColumn;
  /** Sum of every line that has no column of its own. */
  cost_other_pico: NullableIntegerColumn;
  /** JSON object of every line as a decimal string of picodollars. */
  cost_lines: string;
  price_source: string | null;
  attempt_count: IntegerColumn;
  /** What the cache-read tokens would have cost uncached minus what they cost; null when unknown. */
  cache_savings_pico: NullableIntegerColumn;
}

export interface RequestTagsTable {
  request_id: string;
  tag: string;
}

export interface AttemptsTable {
  request_id: string;
  attempt: IntegerColumn;
  provider_id: string;
  provider_type: string;
  model: string;
  started_at_ms: IntegerColumn;
  latency_ms: IntegerColumn;
  ttft_ms: NullableIntegerColumn;
  outcome: string;
  http_status: NullableIntegerColumn;
  error_class: string | null;
  error_message: string | null;
  input_tokens: IntegerColumn;
  input_no_cache_tokens: IntegerColumn;
  cache_read_tokens: IntegerColumn;
  cache_write_5m_tokens: IntegerColumn;
  cache_write_1h_tokens: IntegerColumn;
  output_tokens: IntegerColumn;
  output_text_tokens: IntegerColumn;
  reasoning_tokens: IntegerColumn;
  cost_status: string;
  cost_pico: NullableIntegerColumn;
  cost_lines: string;
  price_source: string | null;
}

/** Virtual keys: only the SHA-256 of a secret is stored, never the secret. */
export interface VirtualKeysTable {
  id: string;
  name: string | null;
  /** The public part of the current secret (`tg_<prefix>_…`), shown in listings. */
  secret_prefix: string;
  /** Hex SHA-256 of the whole current secret. */
  secret_hash: string;
  /** A rotated-out secret that stays valid until `previous_secret_expires_at_ms`. */
  previous_secret_prefix: string | null;
  previous_secret_hash: string | null;
  previous_secret_expires_at_ms: NullableIntegerColumn;
  user_id: string | null;
  team: string | null;
  feature: string | null;
  /** JSON array of strings. */
  tags: string;
  region: string | null;
  /** JSON array of route names, or null for no restriction. */
  allowed_routes: string | null;
  /** JSON array of model patterns, or null for no restriction. */
  allowed_models: string | null;
  budget_pico: NullableIntegerColumn;
  budget_period: string | null;
  max_cost_per_request_pico: NullableIntegerColumn;
  rpm: NullableIntegerColumn;
  tpm: NullableIntegerColumn;
  created_at_ms: IntegerColumn;
  revoked_at_ms: NullableIntegerColumn;
  expires_at_ms: NullableIntegerColumn;
}

type RollupMeasureColumn =
  | (typeof COUNT_COLUMNS)[number]
  | TokenColumn
  | `${MoneyColumn}_high`
  | `${MoneyColumn}_low`
  | `latency_le_${(typeof LATENCY_BUCKET_BOUNDS_MS)[number]}`
  | 'latency_le_inf';

/**
 * One period (an hour, or a day) of one attribution combination, from its start in epoch ms (UTC); see
 * usage/rollup-columns.ts. '' stands for a missing value.
 */
export type UsageRollupTable = { period_start_ms: IntegerColumn } & Record<RollupKeyColumn, string> & Record<RollupMeasureColumn, IntegerColumn>;

/** The same per tag: a request with several tags counts once under each. */
export type UsageTagRollupTable = UsageRollupTable & { tag: string };

/** The outcome of a task (`POST /v1/feedback`, `x-tollgate-task-success`); the last write wins. */
export interface TaskFeedbackTable {
  task_id: string;
  /** 1 succeeded, 0 failed. */
  success: IntegerColumn;
  at_ms: IntegerColumn;
}

/** Bodies kept when `ledger.storeBodies` is on, already redacted; deleted with their request. */
export interface RequestBodiesTable {
  request_id: string;
  request_body: string;
  response_body: string;
}

export interface Database {
  requests: RequestsTable;
  request_tags: RequestTagsTable;
  attempts: AttemptsTable;
  virtual_keys: VirtualKeysTable;
  usage_hourly: UsageRollupTable;
  usage_hourly_tags: UsageTagRollupTable;
  usage_daily: UsageRollupTable;
  usage_daily_tags: UsageTagRollupTable;
  task_feedback: TaskFeedbackTable;
  request_bodies: RequestBodiesTable;
  volume_usage: VolumeUsageTable;
}

export interface VolumeUsageTable {
  card_key: string;
  month: string;
  basis_pico: bigint;
}
