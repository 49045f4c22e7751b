/**
 * The typed schema kysely queries against, the same logical schema on SQLite and Postgres.
 *
 * Every integer column reads back as a bigint on both engines (better-sqlite3 with safe integers,
 * pg with int2/int4/int8 parsed to BigInt), so a money sum above 2^53 never passes through a float.
 * Timestamps are integer epoch milliseconds, so both engines compare and bucket them the same way.
 * Booleans are stored as 0/1 integers for the same reason.
 */
import type { ColumnType } from 'kysely';

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

export interface Database {
  requests: RequestsTable;
  request_tags: RequestTagsTable;
  attempts: AttemptsTable;
}
