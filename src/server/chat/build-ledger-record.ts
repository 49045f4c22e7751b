/** An Exchange → the ledger's record of it (tokens, exact cost, attribution, timings, attempts). */
import { formatUsd } from '../../core/money.js';
import type { Usage } from '../../core/usage.js';
import type { LedgerAttempt, LedgerCost, LedgerRecord, LedgerTokens } from '../../ledger/ledger-record.js';
import type { CostBreakdown } from '../../pricing/index.js';
import type { AttemptLog } from '../../routing/attempt-log.js';
import type { Exchange } from './exchange.js';

export function buildLedgerRecord(exchange: Exchange, nowMs: number): LedgerRecord {
  const endedAtMs = exchange.endedAtMs ?? nowMs;
  const { attribution } = exchange.meta;
  const target = exchange.target;
  return {
    id: exchange.meta.requestId,
    createdAt: exchange.meta.receivedAt,
    endpoint: exchange.endpoint,
    dialect: exchange.meta.dialect,
    route: exchange.route,
    modelRequested: exchange.requestedModel,
    providerId: target?.provider.account.id ?? null,
    providerType: target?.provider.account.type ?? null,
    modelServed: exchange.servedModel ?? target?.model ?? null,
    keyId: attribution.keyId ?? null,
    user: attribution.user ?? null,
    team: attribution.team ?? null,
    feature: attribution.feature ?? null,
    task: attribution.task ?? null,
    tags: attribution.tags,
    region: exchange.meta.region ?? null,
    tier: exchange.meta.tier,
    serviceTier: exchange.usage?.serviceTier ?? null,
    streamed: exchange.streamed,
    status: exchange.status,
    httpStatus: exchange.httpStatus,
    errorCode: exchange.errorCode ?? null,
    errorClass: exchange.errorClass ?? null,
    latencyMs: Math.max(0, endedAtMs - exchange.startedAtMs),
    ttftMs: exchange.firstTokenAtMs === undefined ? null : Math.max(0, exchange.firstTokenAtMs - exchange.startedAtMs),
    streamDurationMs: exchange.streamStartedAtMs === undefined ? null : Math.max(0, endedAtMs - exchange.streamStartedAtMs),
    requestBytes: exchange.requestBytes,
    responseBytes: exchange.responseBytes,
    tokens: ledgerTokens(exchange.usage),
    cost: ledgerCost(exchange.cost),
    attempts: exchange.attempts.map((log) => ledgerAttempt(log, exchange)),
  };
}

export function ledgerTokens(usage: Usage | undefined): LedgerTokens {
  return {
    input: usage?.input.total ?? 0,
    inputNoCache: usage?.input.noCache ?? 0,
    cacheRead: usage?.input.cacheRead ?? 0,
    cacheWrite5m: usage?.input.cacheWrite5m ?? 0,
    cacheWrite1h: usage?.input.cacheWrite1h ?? 0,
    output: usage?.output.total ?? 0,
    outputText: usage?.output.text ?? 0,
    reasoning: usage?.output.reasoning ?? 0,
  };
}

export function ledgerCost(cost: CostBreakdown | undefined): LedgerCost {
  if (!cost) return { status: 'unknown', totalPico: null, lines: {}, priceSource: null };
  const lines: Record<string, bigint> = {};
  for (const [name, amount] of Object.entries(cost.lines)) if (typeof amount === 'bigint') lines[name] = amount;
  return { status: cost.status, totalPico: cost.totalPico, lines, priceSource: describeSource(cost) };
}

function describeSource(cost: CostBreakdown): string | null {
  const card = describeCard(cost);
  if (cost.catalogEstimatePico === undefined) return card;
  // The provider's own bill was the cost; the price card's figure is kept beside it.
  const estimate = cost.catalogEstimatePico === null ? 'no price card' : `price card ${card ?? ''} gives ${formatUsd(cost.catalogEstimatePico)}`;
  return `billed by the provider (${estimate.trim()})`;
}

function describeCard(cost: CostBreakdown): string | null {
  const source = cost.source;
  if (!source) return null;
  if (source.kind === 'catalog') return `${source.catalog}@${source.version} ${source.providerId}/${source.modelId}`;
  return `config ${source.path}`;
}

/**
 * A provider answering an error bills nothing; one abandoned mid-generation (timeout, client
 * gone) may have billed input already, which Tollgate cannot see.
 */
function unservedAttemptCost(log: AttemptLog): LedgerCost {
  if (log.outcome === 'timeout' || log.outcome === 'cancelled') return { status: 'unknown', totalPico: null, lines: {}, priceSource: null };
  return { status: 'exact', totalPico: 0n, lines: {}, priceSource: null };
}

/** Failed attempts are not billed by providers; the successful one carries the request's cost. */
function ledgerAttempt(log: AttemptLog, exchange: Exchange): LedgerAttempt {
  const isServing = log.outcome === 'ok' && exchange.target?.ref === log.target.ref;
  const ttftMs = isServing && exchange.firstTokenAtMs !== undefined ? Math.max(0, exchange.firstTokenAtMs - log.startedAtMs) : null;
  return {
    attempt: log.attempt,
    providerId: log.target.provider.account.id,
    providerType: log.target.provider.account.type,
    model: log.target.model,
    startedAt: new Date(log.startedAtMs),
    latencyMs: log.latencyMs,
    ttftMs,
    outcome: log.outcome,
    httpStatus: log.failure?.status ?? (log.outcome === 'ok' ? 200 : null),
    errorClass: log.failure?.errorClass ?? null,
    errorMessage: log.failure?.message ?? null,
    tokens: ledgerTokens(isServing ? exchange.usage : undefined),
    cost: isServing ? ledgerCost(exchange.cost) : unservedAttemptCost(log),
  };
}
