/**
 * Ledger records for usage tests: a seeded spread of users, teams, features, models, routes, tags, statuses,
 * costs and latencies over chosen hours, and an independent reference that aggregates records in memory the
 * way /v1/usage defines it, to check the SQL (rollups + raw edges) against.
 */
import type { LedgerRecord } from '../../../ledger/ledger-record.js';
import { sampleLedgerRecord } from '../../test-fixtures/sample-ledger-record.js';
import { LATENCY_BUCKET_BOUNDS_MS } from '../rollup-columns.js';
import type { UsageDimension, UsageQuery } from '../usage-query-types.js';

/** A small deterministic generator (mulberry32), so a failing case can be replayed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function pick<Item>(random: () => number, items: readonly Item[]): Item {
  return items[Math.floor(random() * items.length)] as Item;
}

const USERS = ['alice', 'bob', 'carol', null] as const;
const FEATURES = ['summarize', 'chat', 'search', null] as const;
const MODELS = [
  { provider: 'openai', model: 'gpt-4o-mini' },
  { provider: 'openai', model: 'gpt-4o' },
  { provider: 'anthropic', model: 'claude-sonnet-4-5' },
] as const;
const ROUTES = ['smart', 'balanced', null] as const;
const TAG_SETS: ReadonlyArray<readonly string[]> = [[], ['beta'], ['beta', 'eu'], ['eu']];
const LATENCIES = [5, 40, 120, 480, 900, 2_200, 9_000, 700_000];

export interface GenerateOptions {
  seed: number;
  count: number;
  fromMs: number;
  toMs: number;
  idPrefix: string;
}

export function generateUsageRecords(options: GenerateOptions): LedgerRecord[] {
  const random = seededRandom(options.seed);
  return Array.from({ length: options.count }, (_, index) => {
    const served = pick(random, MODELS);
    const status = random() < 0.1 ? 'error' : random() < 0.05 ? 'cancelled' : 'ok';
    const isUnknownCost = random() < 0.07;
    const input = Math.floor(random() * 5_000);
    const cacheRead = Math.floor(random() * input);
    const output = status === 'ok' ? Math.floor(random() * 2_000) : 0;
    const reasoning = Math.floor(random() * output * 0.3);
    const lines: Record<string, bigint> = {
      input: BigInt(input - cacheRead) * 150n + 1n,
      cache_read: BigInt(cacheRead) * 75n,
      output: BigInt(output - reasoning) * 600n,
      reasoning: BigInt(reasoning) * 600n,
    };
    if (random() < 0.2) lines.web_search = 10_000_000n;
    const total = Object.values(lines).reduce((sum, amount) => sum + amount, 0n);
    const createdAt = new Date(options.fromMs + Math.floor(random() * (options.toMs - options.fromMs)));
    const user = pick(random, USERS);
    const record = sampleLedgerRecord(`${options.idPrefix}-${index}`, {
      createdAt,
      user,
      team: user === null ? null : user === 'alice' ? 'growth' : 'core',
      keyId: user === null ? null : `key-${user}`,
      feature: pick(random, FEATURES),
      route: pick(random, ROUTES),
      providerId: status === 'error' && random() < 0.5 ? null : served.provider,
      modelServed: status === 'error' && random() < 0.5 ? null : served.model,
      modelRequested: served.model,
      task: random() < 0.6 ? `task-${Math.floor(random() * 12)}` : null,
      tags: [...pick(random, TAG_SETS)],
      status,
      httpStatus: status === 'ok' ? 200 : 502,
      latencyMs: pick(random, LATENCIES) + Math.floor(random() * 3),
      tokens: { input, inputNoCache: input - cacheRead, cacheRead, cacheWrite5m: 0, cacheWrite1h: 0, output, outputText: output - reasoning, reasoning },
      cost: isUnknownCost
        ? { status: 'unknown', totalPico: null, lines: {}, priceSource: null }
        : { status: random() < 0.1 ? 'estimated' : 'exact', totalPico: total, lines, priceSource: 'test' },
      cacheSavingsPico: isUnknownCost ? null : BigInt(cacheRead) * 75n,
      attempts: [],
    });
    return record;
  });
}

export interface ReferenceGroup {
  key: string;
  periodStartMs: number | null;
  group: Partial<Record<UsageDimension, string | null>>;
  requests: bigint;
  errors: bigint;
  costUnknownRequests: bigint;
  costPico: bigint;
  costLines: Record<'input' | 'cache_read' | 'cache_write' | 'output' | 'reasoning' | 'other', bigint>;
  cacheSavingsPico: bigint;
  inputTokens: bigint;
  cacheReadTokens: bigint;
  outputTokens: bigint;
  reasoningTokens: bigint;
  latencies: number[];
}

function dimensionValues(record: LedgerRecord, dimension: UsageDimension): Array<string | null> {
  switch (dimension) {
    case 'user': return [record.user];
    case 'team': return [record.team];
    case 'feature': return [record.feature];
    case 'key': return [record.keyId];
    case 'model': return [record.modelServed ?? record.modelRequested];
    case 'provider': return [record.providerId];
    case 'route': return [record.route];
    case 'status': return [record.status];
    case 'tag': return record.tags.length === 0 ? [null] : [...new Set(record.tags)];
  }
}

export function periodStart(ms: number, interval: UsageQuery['interval']): number | null {
  if (interval === null) return null;
  if (interval === 'hour') return Math.floor(ms / 3_600_000) * 3_600_000;
  if (interval === 'day') return Math.floor(ms / 86_400_000) * 86_400_000;
  const date = new Date(ms);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
}

/** What /v1/usage should answer, computed from the records alone. */
export function referenceUsage(records: readonly LedgerRecord[], query: UsageQuery): Map<string, ReferenceGroup> {
  const groups = new Map<string, ReferenceGroup>();
  for (const record of records) {
    const at = record.createdAt.getTime();
    if (at < query.fromMs || at >= query.toMs) continue;
    const passes = Object.entries(query.filters).every(([dimension, values]) =>
      dimensionValues(record, dimension as UsageDimension).some((value) => value !== null && (values as readonly string[]).includes(value)),
    );
    if (!passes) continue;
    let combinations: Array<Array<string | null>> = [[]];
    for (const dimension of query.groupBy) {
      combinations = combinations.flatMap((prefix) => dimensionValues(record, dimension).map((value) => [...prefix, value]));
    }
    const period = periodStart(at, query.interval);
    for (const values of combinations) {
      const key = JSON.stringify([period, ...values]);
      let entry = groups.get(key);
      if (!entry) {
        const group: ReferenceGroup['group'] = {};
        query.groupBy.forEach((dimension, index) => {
          group[dimension] = values[index] ?? null;
        });
        entry = {
          key, periodStartMs: period, group, requests: 0n, errors: 0n, costUnknownRequests: 0n, costPico: 0n,
          costLines: { input: 0n, cache_read: 0n, cache_write: 0n, output: 0n, reasoning: 0n, other: 0n },
          cacheSavingsPico: 0n, inputTokens: 0n, cacheReadTokens: 0n, outputTokens: 0n, reasoningTokens: 0n, latencies: [],
        };
        groups.set(key, entry);
      }
      entry.requests += 1n;
      if (record.status !== 'ok') entry.errors += 1n;
      if (record.cost.totalPico === null) entry.costUnknownRequests += 1n;
      else entry.costPico += record.cost.totalPico;
      for (const [line, amount] of Object.entries(record.cost.lines)) {
        const column = line in entry.costLines ? (line as keyof ReferenceGroup['costLines']) : 'other';
        entry.costLines[column] += amount;
      }
      entry.cacheSavingsPico += record.cacheSavingsPico ?? 0n;
      entry.inputTokens += BigInt(record.tokens.input);
      entry.cacheReadTokens += BigInt(record.tokens.cacheRead);
      entry.outputTokens += BigInt(record.tokens.output);
      entry.reasoningTokens += BigInt(record.tokens.reasoning);
      entry.latencies.push(record.latencyMs);
    }
  }
  for (const entry of groups.values()) entry.latencies.sort((left, right) => left - right);
  return groups;
}

/** Nearest-rank percentile of sorted values, and the histogram bucket bound that holds it. */
export function referencePercentile(sorted: readonly number[], percent: number): { exact: number; bucketBound: number | null } {
  const rank = Math.ceil((sorted.length * percent) / 100);
  const exact = sorted[Math.max(0, rank - 1)] ?? 0;
  return { exact, bucketBound: LATENCY_BUCKET_BOUNDS_MS.find((bound) => exact <= bound) ?? null };
}
