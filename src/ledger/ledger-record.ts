/**
 * One ledger record per request, with one attempt per upstream call. This file holds only types so that
 * the store can import it without depending on the ledger writer.
 */

export type CostStatus = 'exact' | 'estimated' | 'unknown';

export interface LedgerTokens {
  input: number;
  inputNoCache: number;
  cacheRead: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
  output: number;
  outputText: number;
  reasoning: number;
}

export interface LedgerCost {
  status: CostStatus;
  /** Null when the cost is unknown. */
  totalPico: bigint | null;
  /** Disjoint line items (input, cache_read, cache_write, output, reasoning, …) summing to totalPico. */
  lines: Record<string, bigint>;
  /** e.g. "@pydantic/genai-prices@0.1.8 openai/gpt-4o-mini" or "config pricing.overrides[...]". */
  priceSource: string | null;
}

export type AttemptOutcome = 'ok' | 'error' | 'timeout' | 'cancelled' | 'skipped';

export interface LedgerAttempt {
  /** 1-based. */
  attempt: number;
  providerId: string;
  providerType: string;
  model: string;
  startedAt: Date;
  latencyMs: number;
  ttftMs: number | null;
  outcome: AttemptOutcome;
  httpStatus: number | null;
  errorClass: string | null;
  errorMessage: string | null;
  tokens: LedgerTokens;
  cost: LedgerCost;
}

export type LedgerEndpoint = 'chat' | 'embeddings' | 'messages' | 'responses';
export type RequestStatus = 'ok' | 'error' | 'cancelled';

export interface LedgerRecord {
  /** The request id: unique, and the idempotency key of every insert. */
  id: string;
  /** When the request arrived. */
  createdAt: Date;
  endpoint: LedgerEndpoint;
  dialect: 'openai' | 'anthropic';
  route: string | null;
  modelRequested: string;
  providerId: string | null;
  providerType: string | null;
  modelServed: string | null;
  keyId: string | null;
  user: string | null;
  team: string | null;
  feature: string | null;
  task: string | null;
  tags: string[];
  region: string | null;
  tier: string;
  serviceTier: string | null;
  streamed: boolean;
  status: RequestStatus;
  httpStatus: number;
  errorCode: string | null;
  errorClass: string | null;
  latencyMs: number;
  ttftMs: number | null;
  streamDurationMs: number | null;
  requestBytes: number;
  responseBytes: number;
  tokens: LedgerTokens;
  cost: LedgerCost;
  attempts: LedgerAttempt[];
  /**
   * What the cache-read tokens would have cost at the plain input price minus what they cost (picodollars);
   * absent or null when unknown. Filled by the server from the price card (telemetry/cache-savings.ts).
   */
  cacheSavingsPico?: bigint | null;
  /** Request and response bodies, already redacted, present only when `ledger.storeBodies` is on. */
  bodies?: LedgerBodies;
}

export interface LedgerBodies {
  request: string;
  response: string;
}
