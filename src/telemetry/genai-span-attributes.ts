/**
 * Span attributes for a request and its upstream attempts, from the ledger record, following the
 * OpenTelemetry GenAI semantic conventions (gen_ai.*) plus Tollgate's own (tollgate.*) for cost and
 * attribution. Never a body, a provider key or a virtual key secret: only what the ledger already holds.
 */
import { formatUsd } from '../core/money.js';
import type { LedgerAttempt, LedgerRecord } from '../ledger/ledger-record.js';

export type SpanAttributeValue = string | number | boolean | string[];
export type SpanAttributes = Record<string, SpanAttributeValue>;

/** Provider types whose well-known `gen_ai.provider.name` differs from Tollgate's type name. */
const PROVIDER_NAMES: Readonly<Record<string, string>> = {
  gemini: 'gcp.gemini',
  mistral: 'mistral_ai',
  xai: 'x_ai',
  'azure-openai': 'azure.ai.openai',
};

export function genAiProviderName(providerType: string): string {
  return PROVIDER_NAMES[providerType] ?? providerType;
}

export function genAiOperationName(record: LedgerRecord): 'chat' | 'embeddings' {
  return record.endpoint === 'embeddings' ? 'embeddings' : 'chat';
}

export function requestSpanName(record: LedgerRecord): string {
  return `${genAiOperationName(record)} ${record.modelRequested}`;
}

export function attemptSpanName(record: LedgerRecord, attempt: LedgerAttempt): string {
  return `${genAiOperationName(record)} ${attempt.model}`;
}

export function requestSpanAttributes(record: LedgerRecord): SpanAttributes {
  const attributes: SpanAttributes = {
    'gen_ai.operation.name': genAiOperationName(record),
    'gen_ai.request.model': record.modelRequested,
    'gen_ai.usage.input_tokens': record.tokens.input,
    'gen_ai.usage.output_tokens': record.tokens.output,
    'gen_ai.usage.cache_read.input_tokens': record.tokens.cacheRead,
    'gen_ai.usage.cache_creation.input_tokens': record.tokens.cacheWrite5m + record.tokens.cacheWrite1h,
    'http.response.status_code': record.httpStatus,
    'tollgate.request_id': record.id,
    'tollgate.usage.reasoning_tokens': record.tokens.reasoning,
    'tollgate.cost_status': record.cost.status,
    'tollgate.tier': record.tier,
    'tollgate.streamed': record.streamed,
    'tollgate.attempts': record.attempts.length,
  };
  if (record.modelServed !== null) attributes['gen_ai.response.model'] = record.modelServed;
  if (record.providerType !== null) attributes['gen_ai.provider.name'] = genAiProviderName(record.providerType);
  if (record.status !== 'ok') attributes['error.type'] = record.errorCode ?? record.errorClass ?? record.status;
  if (record.cost.totalPico !== null) attributes['tollgate.cost_usd'] = formatUsd(record.cost.totalPico);
  if (record.cacheSavingsPico !== undefined && record.cacheSavingsPico !== null) attributes['tollgate.cache_savings_usd'] = formatUsd(record.cacheSavingsPico);
  if (record.ttftMs !== null) attributes['tollgate.ttft_ms'] = record.ttftMs;
  const optional: Array<[string, string | null]> = [
    ['tollgate.route', record.route], ['tollgate.provider_id', record.providerId], ['tollgate.user', record.user],
    ['tollgate.team', record.team], ['tollgate.feature', record.feature], ['tollgate.task', record.task],
    ['tollgate.key_id', record.keyId], ['tollgate.region', record.region],
  ];
  for (const [name, value] of optional) if (value !== null) attributes[name] = value;
  if (record.tags.length > 0) attributes['tollgate.tags'] = [...record.tags];
  return attributes;
}

export function attemptSpanAttributes(record: LedgerRecord, attempt: LedgerAttempt): SpanAttributes {
  const attributes: SpanAttributes = {
    'gen_ai.operation.name': genAiOperationName(record),
    'gen_ai.provider.name': genAiProviderName(attempt.providerType),
    'gen_ai.request.model': attempt.model,
    'gen_ai.usage.input_tokens': attempt.tokens.input,
    'gen_ai.usage.output_tokens': attempt.tokens.output,
    'gen_ai.usage.cache_read.input_tokens': attempt.tokens.cacheRead,
    'gen_ai.usage.cache_creation.input_tokens': attempt.tokens.cacheWrite5m + attempt.tokens.cacheWrite1h,
    'tollgate.attempt': attempt.attempt,
    'tollgate.provider_id': attempt.providerId,
    'tollgate.outcome': attempt.outcome,
    'tollgate.cost_status': attempt.cost.status,
  };
  if (attempt.httpStatus !== null) attributes['http.response.status_code'] = attempt.httpStatus;
  if (attempt.outcome !== 'ok') attributes['error.type'] = attempt.errorClass ?? attempt.outcome;
  if (attempt.cost.totalPico !== null) attributes['tollgate.cost_usd'] = formatUsd(attempt.cost.totalPico);
  if (attempt.ttftMs !== null) attributes['tollgate.ttft_ms'] = attempt.ttftMs;
  return attributes;
}
