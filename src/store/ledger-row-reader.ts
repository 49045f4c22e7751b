/** Rebuilds a LedgerRecord from its stored rows: money as exact bigint, tags and cost lines from their JSON. */
import type { Selectable } from 'kysely';
import { z } from 'zod';
import type { AttemptOutcome, CostStatus, LedgerAttempt, LedgerCost, LedgerEndpoint, LedgerRecord, LedgerTokens, RequestStatus } from '../ledger/ledger-record.js';
import type { AttemptsTable, RequestsTable } from './database.js';

const tagsSchema = z.array(z.string());
const costLinesSchema = z.record(z.string(), z.string().regex(/^-?\d+$/));
const costStatusSchema = z.enum(['exact', 'estimated', 'unknown']) satisfies z.ZodType<CostStatus>;
const endpointSchema = z.enum(['chat', 'embeddings', 'messages', 'responses']) satisfies z.ZodType<LedgerEndpoint>;
const dialectSchema = z.enum(['openai', 'anthropic']);
const statusSchema = z.enum(['ok', 'error', 'cancelled']) satisfies z.ZodType<RequestStatus>;
const outcomeSchema = z.enum(['ok', 'error', 'timeout', 'cancelled', 'skipped']) satisfies z.ZodType<AttemptOutcome>;

type TokenColumns = Pick<Selectable<RequestsTable>, 'input_tokens' | 'input_no_cache_tokens' | 'cache_read_tokens' | 'cache_write_5m_tokens'
  | 'cache_write_1h_tokens' | 'output_tokens' | 'output_text_tokens' | 'reasoning_tokens'>;

export function fromStoredRows(row: Selectable<RequestsTable>, attemptRows: readonly Selectable<AttemptsTable>[]): LedgerRecord {
  const record: LedgerRecord = {
    id: row.id,
    createdAt: new Date(Number(row.created_at_ms)),
    endpoint: endpointSchema.parse(row.endpoint),
    dialect: dialectSchema.parse(row.dialect),
    route: row.route,
    modelRequested: row.model_requested,
    providerId: row.provider_id,
    providerType: row.provider_type,
    modelServed: row.model_served,
    keyId: row.key_id,
    user: row.user_id,
    team: row.team,
    feature: row.feature,
    task: row.task,
    tags: tagsSchema.parse(JSON.parse(row.tags)),
    region: row.region,
    tier: row.tier,
    serviceTier: row.service_tier,
    streamed: row.streamed !== 0n,
    status: statusSchema.parse(row.status),
    httpStatus: Number(row.http_status),
    errorCode: row.error_code,
    errorClass: row.error_class,
    latencyMs: Number(row.latency_ms),
    ttftMs: nullableNumber(row.ttft_ms),
    streamDurationMs: nullableNumber(row.stream_duration_ms),
    requestBytes: Number(row.request_bytes),
    responseBytes: Number(row.response_bytes),
    tokens: tokensOf(row),
    cost: costOf(row.cost_status, row.cost_pico, row.cost_lines, row.price_source),
    attempts: attemptRows.map(attemptOf),
  };
  if (row.cache_savings_pico !== null) record.cacheSavingsPico = row.cache_savings_pico;
  return record;
}

function attemptOf(row: Selectable<AttemptsTable>): LedgerAttempt {
  return {
    attempt: Number(row.attempt),
    providerId: row.provider_id,
    providerType: row.provider_type,
    model: row.model,
    startedAt: new Date(Number(row.started_at_ms)),
    latencyMs: Number(row.latency_ms),
    ttftMs: nullableNumber(row.ttft_ms),
    outcome: outcomeSchema.parse(row.outcome),
    httpStatus: nullableNumber(row.http_status),
    errorClass: row.error_class,
    errorMessage: row.error_message,
    tokens: tokensOf(row),
    cost: costOf(row.cost_status, row.cost_pico, row.cost_lines, row.price_source),
  };
}

function tokensOf(row: TokenColumns): LedgerTokens {
  return {
    input: Number(row.input_tokens),
    inputNoCache: Number(row.input_no_cache_tokens),
    cacheRead: Number(row.cache_read_tokens),
    cacheWrite5m: Number(row.cache_write_5m_tokens),
    cacheWrite1h: Number(row.cache_write_1h_tokens),
    output: Number(row.output_tokens),
    outputText: Number(row.output_text_tokens),
    reasoning: Number(row.reasoning_tokens),
  };
}

function costOf(status: string, totalPico: bigint | null, linesJson: string, priceSource: string | null): LedgerCost {
  const lines: Record<string, bigint> = {};
  for (const [line, amount] of Object.entries(costLinesSchema.parse(JSON.parse(linesJson)))) lines[line] = BigInt(amount);
  return { status: costStatusSchema.parse(status), totalPico, lines, priceSource };
}

function nullableNumber(value: bigint | null): number | null {
  return value === null ? null : Number(value);
}
