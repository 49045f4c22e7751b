/**
 * One ledger record as one journal line: JSON with money as decimal strings (JSON numbers would round
 * past 2^53) and times as epoch milliseconds. Lines carry a version so a later format can still read them.
 */
import { z } from 'zod';
import type { LedgerAttempt, LedgerCost, LedgerRecord, LedgerTokens } from './ledger-record.js';

const JOURNAL_FORMAT_VERSION = 1;

const picodollars = z.string().regex(/^-?\d+$/, 'picodollars are written as decimal integer text').transform((text) => BigInt(text));
const epochMs = z.number().int().transform((ms) => new Date(ms));

const tokensSchema = z.object({
  input: z.number(), inputNoCache: z.number(), cacheRead: z.number(), cacheWrite5m: z.number(), cacheWrite1h: z.number(),
  output: z.number(), outputText: z.number(), reasoning: z.number(),
});

const costSchema = z.object({
  status: z.enum(['exact', 'estimated', 'unknown']),
  totalPico: picodollars.nullable(),
  lines: z.record(z.string(), picodollars),
  priceSource: z.string().nullable(),
});

const attemptSchema = z.object({
  attempt: z.number(), providerId: z.string(), providerType: z.string(), model: z.string(), startedAt: epochMs,
  latencyMs: z.number(), ttftMs: z.number().nullable(), outcome: z.enum(['ok', 'error', 'timeout', 'cancelled', 'skipped']),
  httpStatus: z.number().nullable(), errorClass: z.string().nullable(), errorMessage: z.string().nullable(),
  tokens: tokensSchema, cost: costSchema,
});

const journalLineSchema = z
  .object({
    v: z.literal(JOURNAL_FORMAT_VERSION),
    id: z.string(), createdAt: epochMs, endpoint: z.enum(['chat', 'embeddings', 'messages', 'responses']), dialect: z.enum(['openai', 'anthropic']),
    route: z.string().nullable(), modelRequested: z.string(), providerId: z.string().nullable(), providerType: z.string().nullable(),
    modelServed: z.string().nullable(), keyId: z.string().nullable(), user: z.string().nullable(), team: z.string().nullable(),
    feature: z.string().nullable(), task: z.string().nullable(), tags: z.array(z.string()), region: z.string().nullable(),
    tier: z.string(), serviceTier: z.string().nullable(), streamed: z.boolean(), status: z.enum(['ok', 'error', 'cancelled']),
    httpStatus: z.number(), errorCode: z.string().nullable(), errorClass: z.string().nullable(), latencyMs: z.number(),
    ttftMs: z.number().nullable(), streamDurationMs: z.number().nullable(), requestBytes: z.number(), responseBytes: z.number(),
    tokens: tokensSchema, cost: costSchema, attempts: z.array(attemptSchema),
    // Optional fields added without a version bump: lines written before them simply lack them.
    cacheSavingsPico: picodollars.nullable().optional(),
    bodies: z.object({ request: z.string(), response: z.string() }).optional(),
  })
  .transform(({ v: _version, cacheSavingsPico, bodies, ...required }): LedgerRecord => ({
    ...required,
    ...(cacheSavingsPico === undefined ? {} : { cacheSavingsPico }),
    ...(bodies === undefined ? {} : { bodies }),
  }));

type JournalLine = z.input<typeof journalLineSchema>;
type JournalCost = z.input<typeof costSchema>;
type JournalAttempt = z.input<typeof attemptSchema>;

/** The record as one line of JSON, newline included. */
export function encodeJournalLine(record: LedgerRecord): string {
  const line: JournalLine = {
    v: JOURNAL_FORMAT_VERSION,
    id: record.id, createdAt: record.createdAt.getTime(), endpoint: record.endpoint, dialect: record.dialect,
    route: record.route, modelRequested: record.modelRequested, providerId: record.providerId, providerType: record.providerType,
    modelServed: record.modelServed, keyId: record.keyId, user: record.user, team: record.team, feature: record.feature,
    task: record.task, tags: record.tags, region: record.region, tier: record.tier, serviceTier: record.serviceTier,
    streamed: record.streamed, status: record.status, httpStatus: record.httpStatus, errorCode: record.errorCode,
    errorClass: record.errorClass, latencyMs: record.latencyMs, ttftMs: record.ttftMs, streamDurationMs: record.streamDurationMs,
    requestBytes: record.requestBytes, responseBytes: record.responseBytes, tokens: copyTokens(record.tokens),
    cost: encodeCost(record.cost), attempts: record.attempts.map(encodeAttempt),
  };
  if (record.cacheSavingsPico !== undefined) line.cacheSavingsPico = record.cacheSavingsPico === null ? null : record.cacheSavingsPico.toString();
  if (record.bodies !== undefined) line.bodies = { request: record.bodies.request, response: record.bodies.response };
  return `${JSON.stringify(line)}\n`;
}

/** Parses one line (without its newline); throws when it is not a complete record. */
export function decodeJournalLine(line: string): LedgerRecord {
  return journalLineSchema.parse(JSON.parse(line));
}

function encodeAttempt(attempt: LedgerAttempt): JournalAttempt {
  return {
    attempt: attempt.attempt, providerId: attempt.providerId, providerType: attempt.providerType, model: attempt.model,
    startedAt: attempt.startedAt.getTime(), latencyMs: attempt.latencyMs, ttftMs: attempt.ttftMs, outcome: attempt.outcome,
    httpStatus: attempt.httpStatus, errorClass: attempt.errorClass, errorMessage: attempt.errorMessage,
    tokens: copyTokens(attempt.tokens), cost: encodeCost(attempt.cost),
  };
}

function encodeCost(cost: LedgerCost): JournalCost {
  const lines: Record<string, string> = {};
  for (const [line, amount] of Object.entries(cost.lines)) lines[line] = amount.toString();
  return { status: cost.status, totalPico: cost.totalPico === null ? null : cost.totalPico.toString(), lines, priceSource: cost.priceSource };
}

function copyTokens(tokens: LedgerTokens): LedgerTokens {
  return {
    input: tokens.input, inputNoCache: tokens.inputNoCache, cacheRead: tokens.cacheRead, cacheWrite5m: tokens.cacheWrite5m,
    cacheWrite1h: tokens.cacheWrite1h, output: tokens.output, outputText: tokens.outputText, reasoning: tokens.reasoning,
  };
}
