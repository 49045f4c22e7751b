/** A complete, realistic ledger record for tests: a cached chat request that fell back to a second provider. */
import type { LedgerRecord, LedgerTokens } from '../../ledger/ledger-record.js';

const TOKENS: LedgerTokens = {
  input: 10_000, inputNoCache: 2_000, cacheRead: 8_000, cacheWrite5m: 0, cacheWrite1h: 0,
  output: 200, outputText: 150, reasoning: 50,
};

export function sampleLedgerRecord(id: string, overrides: Partial<LedgerRecord> = {}): LedgerRecord {
  const createdAt = new Date('2025-03-01T12:00:00.000Z');
  return {
    id,
    createdAt,
    endpoint: 'chat',
    dialect: 'openai',
    route: 'smart',
    modelRequested: 'smart',
    providerId: 'openai',
    providerType: 'openai',
    modelServed: 'gpt-4o-mini',
    keyId: 'key_123',
    user: 'alice',
    team: 'growth',
    feature: 'summarize',
    task: 'task-1',
    tags: ['beta', 'eu'],
    region: 'eu',
    tier: 'standard',
    serviceTier: 'default',
    streamed: true,
    status: 'ok',
    httpStatus: 200,
    errorCode: null,
    errorClass: null,
    latencyMs: 812,
    ttftMs: 240,
    streamDurationMs: 570,
    requestBytes: 1_534,
    responseBytes: 9_870,
    tokens: { ...TOKENS },
    cost: {
      status: 'exact',
      totalPico: 1_020_000_000n,
      lines: { input: 300_000_000n, cache_read: 600_000_000n, output: 90_000_000n, reasoning: 30_000_000n },
      priceSource: '@pydantic/genai-prices@0.1.8 openai/gpt-4o-mini',
    },
    attempts: [
      {
        attempt: 1,
        providerId: 'anthropic',
        providerType: 'anthropic',
        model: 'claude-sonnet-4-5',
        startedAt: createdAt,
        latencyMs: 95,
        ttftMs: null,
        outcome: 'error',
        httpStatus: 529,
        errorClass: 'overloaded',
        errorMessage: 'Overloaded',
        tokens: { input: 0, inputNoCache: 0, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0, output: 0, outputText: 0, reasoning: 0 },
        cost: { status: 'exact', totalPico: 0n, lines: {}, priceSource: null },
      },
      {
        attempt: 2,
        providerId: 'openai',
        providerType: 'openai',
        model: 'gpt-4o-mini',
        startedAt: new Date(createdAt.getTime() + 100),
        latencyMs: 700,
        ttftMs: 140,
        outcome: 'ok',
        httpStatus: 200,
        errorClass: null,
        errorMessage: null,
        tokens: { ...TOKENS },
        cost: {
          status: 'exact',
          totalPico: 1_020_000_000n,
          lines: { input: 300_000_000n, cache_read: 600_000_000n, output: 90_000_000n, reasoning: 30_000_000n },
          priceSource: '@pydantic/genai-prices@0.1.8 openai/gpt-4o-mini',
        },
      },
    ],
    ...overrides,
  };
}

/** `count` distinct records `${prefix}-0` … whose creation times step by one millisecond. */
export function sampleLedgerRecords(prefix: string, count: number): LedgerRecord[] {
  const start = Date.parse('2025-03-01T12:00:00.000Z');
  return Array.from({ length: count }, (_, index) => sampleLedgerRecord(`${prefix}-${index}`, { createdAt: new Date(start + index) }));
}
