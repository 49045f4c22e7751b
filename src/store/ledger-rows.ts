/**
 * Maps a LedgerRecord to the rows both engines insert. Values are sanitised here because one bad value
 * (a NaN token count, a NUL byte in a provider's error message, which Postgres refuses in text) would
 * otherwise fail its whole batch on every retry.
 */
import type { LedgerAttempt, LedgerCost, LedgerRecord, LedgerTokens } from '../ledger/ledger-record.js';
import type { InsertType } from 'kysely';
import type { AttemptsTable, RequestTagsTable, RequestsTable } from './database.js';

/** Every column present (none left to a default), each with the type its insert takes. */
type CompleteRow<Table> = { [Column in keyof Table]-?: InsertType<Table[Column]> };
export type RequestRow = CompleteRow<RequestsTable>;
export type AttemptRow = CompleteRow<AttemptsTable>;
export type RequestTagRow = CompleteRow<RequestTagsTable>;

/** Line items that have a column of their own; every other line is summed into `cost_other_pico`. */
export const COST_LINE_COLUMNS = {
  input: 'cost_input_pico',
  cache_read: 'cost_cache_read_pico',
  cache_write: 'cost_cache_write_pico',
  output: 'cost_output_pico',
  reasoning: 'cost_reasoning_pico',
} as const satisfies Record<string, keyof RequestsTable>;

type CostLineColumn = (typeof COST_LINE_COLUMNS)[keyof typeof COST_LINE_COLUMNS] | 'cost_other_pico';

export const REQUEST_COLUMNS = [
  'id', 'created_at_ms', 'endpoint', 'dialect', 'route', 'model_requested', 'provider_id', 'provider_type',
  'model_served', 'key_id', 'user_id', 'team', 'feature', 'task', 'tags', 'region', 'tier', 'service_tier',
  'streamed', 'status', 'http_status', 'error_code', 'error_class', 'latency_ms', 'ttft_ms', 'stream_duration_ms',
  'request_bytes', 'response_bytes', 'input_tokens', 'input_no_cache_tokens', 'cache_read_tokens',
  'cache_write_5m_tokens', 'cache_write_1h_tokens', 'output_tokens', 'output_text_tokens', 'reasoning_tokens',
  'cost_status', 'cost_pico', 'cost_input_pico', 'cost_cache_read_pico', 'cost_cache_write_pico', 'cost_output_pico',
  'cost_reasoning_pico', 'cost_other_pico', 'cost_lines', 'price_source', 'attempt_count', 'cache_savings_pico',
] as const satisfies readonly (keyof RequestsTable)[];

export const ATTEMPT_COLUMNS = [
  'request_id', 'attempt', 'provider_id', 'provider_type', 'model', 'started_at_ms', 'latency_ms', 'ttft_ms',
  'outcome', 'http_status', 'error_class', 'error_message', 'input_tokens', 'input_no_cache_tokens',
  'cache_read_tokens', 'cache_write_5m_tokens', 'cache_write_1h_tokens', 'output_tokens', 'output_text_tokens',
  'reasoning_tokens', 'cost_status', 'cost_pico', 'cost_lines', 'price_source',
] as const satisfies readonly (keyof AttemptsTable)[];

// Compile-time proof that the column lists name every column, so no insert silently leaves one out.
type MissingRequestColumns = Exclude<keyof RequestsTable, (typeof REQUEST_COLUMNS)[number]>;
type MissingAttemptColumns = Exclude<keyof AttemptsTable, (typeof ATTEMPT_COLUMNS)[number]>;
const _everyRequestColumnListed: [MissingRequestColumns] extends [never] ? true : never = true;
const _everyAttemptColumnListed: [MissingAttemptColumns] extends [never] ? true : never = true;

export function toRequestRow(record: LedgerRecord): RequestRow {
  return {
    id: text(record.id),
    created_at_ms: epochMs(record.createdAt),
    endpoint: text(record.endpoint),
    dialect: text(record.dialect),
    route: nullableText(record.route),
    model_requested: text(record.modelRequested),
    provider_id: nullableText(record.providerId),
    provider_type: nullableText(record.providerType),
    model_served: nullableText(record.modelServed),
    key_id: nullableText(record.keyId),
    user_id: nullableText(record.user),
    team: nullableText(record.team),
    feature: nullableText(record.feature),
    task: nullableText(record.task),
    tags: JSON.stringify(uniqueTags(record.tags)),
    region: nullableText(record.region),
    tier: text(record.tier),
    service_tier: nullableText(record.serviceTier),
    streamed: record.streamed ? 1 : 0,
    status: text(record.status),
    http_status: integer(record.httpStatus),
    error_code: nullableText(record.errorCode),
    error_class: nullableText(record.errorClass),
    latency_ms: integer(record.latencyMs),
    ttft_ms: nullableInteger(record.ttftMs),
    stream_duration_ms: nullableInteger(record.streamDurationMs),
    request_bytes: integer(record.requestBytes),
    response_bytes: integer(record.responseBytes),
    ...tokenColumns(record.tokens),
    cost_status: text(record.cost.status),
    cost_pico: record.cost.totalPico,
    ...costLineColumns(record.cost),
    cost_lines: costLinesJson(record.cost.lines),
    price_source: nullableText(record.cost.priceSource),
    attempt_count: record.attempts.length,
    cache_savings_pico: record.cacheSavingsPico ?? null,
  };
}

export function toRequestTagRows(record: LedgerRecord): RequestTagRow[] {
  return uniqueTags(record.tags).map((tag) => ({ request_id: text(record.id), tag }));
}

export function toAttemptRows(record: LedgerRecord): AttemptRow[] {
  return record.attempts.map((attempt) => toAttemptRow(text(record.id), attempt));
}

function toAttemptRow(requestId: string, attempt: LedgerAttempt): AttemptRow {
  return {
    request_id: requestId,
    attempt: integer(attempt.attempt),
    provider_id: text(attempt.providerId),
    provider_type: text(attempt.providerType),
    model: text(attempt.model),
    started_at_ms: epochMs(attempt.startedAt),
    latency_ms: integer(attempt.latencyMs),
    ttft_ms: nullableInteger(attempt.ttftMs),
    outcome: text(attempt.outcome),
    http_status: nullableInteger(attempt.httpStatus),
    error_class: nullableText(attempt.errorClass),
    error_message: nullableText(attempt.errorMessage),
    ...tokenColumns(attempt.tokens),
    cost_status: text(attempt.cost.status),
    cost_pico: attempt.cost.totalPico,
    cost_lines: costLinesJson(attempt.cost.lines),
    price_source: nullableText(attempt.cost.priceSource),
  };
}

function tokenColumns(tokens: LedgerTokens) {
  return {
    input_tokens: integer(tokens.input),
    input_no_cache_tokens: integer(tokens.inputNoCache),
    cache_read_tokens: integer(tokens.cacheRead),
    cache_write_5m_tokens: integer(tokens.cacheWrite5m),
    cache_write_1h_tokens: integer(tokens.cacheWrite1h),
    output_tokens: integer(tokens.output),
    output_text_tokens: integer(tokens.outputText),
    reasoning_tokens: integer(tokens.reasoning),
  };
}

function costLineColumns(cost: LedgerCost): Record<CostLineColumn, bigint | null> {
  if (cost.totalPico === null) {
    return {
      cost_input_pico: null, cost_cache_read_pico: null, cost_cache_write_pico: null,
      cost_output_pico: null, cost_reasoning_pico: null, cost_other_pico: null,
    };
  }
  const columns: Record<CostLineColumn, bigint> = {
    cost_input_pico: 0n, cost_cache_read_pico: 0n, cost_cache_write_pico: 0n,
    cost_output_pico: 0n, cost_reasoning_pico: 0n, cost_other_pico: 0n,
  };
  for (const [line, amount] of Object.entries(cost.lines)) {
    const column = Object.hasOwn(COST_LINE_COLUMNS, line) ? COST_LINE_COLUMNS[line as keyof typeof COST_LINE_COLUMNS] : 'cost_other_pico';
    columns[column] += amount;
  }
  return columns;
}

function costLinesJson(lines: Record<string, bigint>): string {
  const decimalLines: Record<string, string> = {};
  for (const [line, amount] of Object.entries(lines)) decimalLines[text(line)] = amount.toString();
  return JSON.stringify(decimalLines);
}

function uniqueTags(tags: readonly string[]): string[] {
  return [...new Set(tags.map(text))];
}

function epochMs(date: Date): number {
  return integer(date.getTime());
}

function integer(value: number): number {
  return Number.isFinite(value) ? Math.trunc(value) : 0;
}

function nullableInteger(value: number | null): number | null {
  return value === null ? null : integer(value);
}

function text(value: string): string {
  return value.includes('\u0000') ? value.replaceAll('\u0000', '') : value;
}

function nullableText(value: string | null): string | null {
  return value === null ? null : text(value);
}
