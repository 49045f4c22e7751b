/**
 * Prometheus metrics for the gateway. `observe(record)` runs once per finished request, from the ledger
 * record the request produced: a few counter increments and histogram observations on label children
 * cached by their label values, no allocation of new series past the bounded label space
 * (metric-labels.ts). Ledger, breaker and budget figures are read when Prometheus scrapes.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { usdToNumber } from '../core/money.js';
import type { LedgerRecord } from '../ledger/ledger-record.js';
import type { LedgerStats } from '../ledger/ledger-types.js';
import { MetricLabels } from './metric-labels.js';
import type { MetricLabelSpace } from './metric-labels.js';

export type BreakerPosition = 'closed' | 'open' | 'half_open';

export interface MetricsSources {
  ledgerStats?: () => LedgerStats;
  /** Each target's circuit breaker (`provider/model`). */
  breakerStates?: () => ReadonlyArray<{ target: string; state: BreakerPosition }>;
  /** Each budget's spend as a fraction of its limit (1 = used up), per scope value. */
  budgetUtilisation?: () => ReadonlyArray<{ budget: string; scope: string; ratio: number }>;
}

const BREAKER_POSITIONS: readonly BreakerPosition[] = ['closed', 'open', 'half_open'];
const TOKEN_KINDS = ['input_no_cache', 'cache_read', 'cache_write_5m', 'cache_write_1h', 'output_text', 'reasoning'] as const;
const DURATION_BUCKETS_S = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];
const TTFT_BUCKETS_S = [0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 2, 5, 10, 30];

/** A metric's children by label values: `labels()` hashes its arguments on every call, a Map lookup is cheaper. */
class ChildCache<Child> {
  private readonly children = new Map<string, Child>();
  constructor(private readonly create: (values: string[]) => Child) {}

  get(values: string[]): Child {
    const key = values.join('\u0000');
    let child = this.children.get(key);
    if (!child) {
      child = this.create(values);
      this.children.set(key, child);
    }
    return child;
  }
}

/**
 * Counter increments kept as plain numbers per label set and handed to prom-client when it is scraped:
 * a prom-client child's `inc()` hashes and validates its labels on every call, which cost more than
 * the rest of a request's telemetry together. The label space is bounded (metric-labels.ts), so is this.
 */
class PendingCounts {
  private readonly pending = new Map<string, { values: string[]; delta: number }>();

  inc(values: string[], amount = 1): void {
    const key = values.join('\u0000');
    const entry = this.pending.get(key);
    if (entry) entry.delta += amount;
    else this.pending.set(key, { values, delta: amount });
  }

  flushInto(counter: Counter<string>): void {
    for (const entry of this.pending.values()) {
      if (entry.delta === 0) continue;
      counter.labels(...entry.values).inc(entry.delta);
      entry.delta = 0;
    }
  }
}

function deferredCounter(configuration: { name: string; help: string; labelNames: readonly string[]; registers: Registry[] }): PendingCounts {
  const pending = new PendingCounts();
  new Counter({
    ...configuration,
    labelNames: [...configuration.labelNames],
    collect() {
      pending.flushInto(this);
    },
  });
  return pending;
}

export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly labels: MetricLabels;
  private readonly requests: PendingCounts;
  private readonly tokens: PendingCounts;
  private readonly cost: PendingCounts;
  private readonly savings: PendingCounts;
  private readonly duration: ChildCache<{ observe(value: number): void }>;
  private readonly ttft: ChildCache<{ observe(value: number): void }>;
  private readonly attempts: PendingCounts;
  private readonly fallbacks: PendingCounts;

  constructor(labelSpace: MetricLabelSpace, private sources: MetricsSources = {}, options: { defaultMetrics?: boolean } = {}) {
    this.labels = new MetricLabels(labelSpace);
    const registers = [this.registry];
    const requestLabels = ['provider', 'model', 'route', 'feature'] as const;

    this.requests = deferredCounter({ name: 'tollgate_requests_total', help: 'Finished requests', labelNames: [...requestLabels, 'status'], registers });
    this.tokens = deferredCounter({ name: 'tollgate_tokens_total', help: 'Tokens by kind (disjoint: input_no_cache + cache_read + cache_write_* = input; output_text + reasoning = output)', labelNames: [...requestLabels, 'kind'], registers });
    this.cost = deferredCounter({ name: 'tollgate_cost_usd_total', help: 'Known cost in USD (the ledger holds the exact figures)', labelNames: requestLabels, registers });
    this.savings = deferredCounter({ name: 'tollgate_cache_savings_usd_total', help: 'What cache-read tokens would have cost uncached minus what they cost, USD', labelNames: requestLabels, registers });
    const duration = new Histogram({ name: 'tollgate_request_duration_seconds', help: 'Request latency, arrival to last byte', labelNames: ['provider', 'model', 'route'], buckets: DURATION_BUCKETS_S, registers });
    const ttft = new Histogram({ name: 'tollgate_time_to_first_token_seconds', help: 'Arrival to first token of streamed answers', labelNames: ['provider', 'model', 'route'], buckets: TTFT_BUCKETS_S, registers });
    this.attempts = deferredCounter({ name: 'tollgate_upstream_attempts_total', help: 'Upstream attempts by outcome', labelNames: ['provider', 'model', 'outcome'], registers });
    this.fallbacks = deferredCounter({ name: 'tollgate_fallbacks_total', help: 'Attempts after the first of a request (fallbacks and retries)', labelNames: ['route'], registers });

    this.duration = new ChildCache((values) => duration.labels(...values));
    this.ttft = new ChildCache((values) => ttft.labels(...values));
    this.registerScrapeGauges(registers);
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'tollgate_' });
  }

  /** The lead's wiring can hand over breaker and budget readers once those parts exist. */
  setSources(sources: MetricsSources): void {
    this.sources = { ...this.sources, ...sources };
  }

  observe(record: LedgerRecord): void {
    const provider = this.labels.provider(record.providerId);
    const model = this.labels.model(record.modelServed ?? record.modelRequested);
    const route = this.labels.route(record.route);
    const feature = this.labels.feature(record.feature);
    this.requests.inc([provider, model, route, feature, record.status]);
    const tokens = record.tokens;
    const counts: Record<(typeof TOKEN_KINDS)[number], number> = {
      input_no_cache: tokens.inputNoCache, cache_read: tokens.cacheRead, cache_write_5m: tokens.cacheWrite5m,
      cache_write_1h: tokens.cacheWrite1h, output_text: tokens.outputText, reasoning: tokens.reasoning,
    };
    for (const kind of TOKEN_KINDS) {
      const count = counts[kind];
      if (count > 0) this.tokens.inc([provider, model, route, feature, kind], count);
    }
    const costPico = record.cost.totalPico;
    if (costPico !== null && costPico > 0n) this.cost.inc([provider, model, route, feature], usdToNumber(costPico));
    const savingsPico = record.cacheSavingsPico ?? null;
    if (savingsPico !== null && savingsPico > 0n) this.savings.inc([provider, model, route, feature], usdToNumber(savingsPico));
    this.duration.get([provider, model, route]).observe(record.latencyMs / 1000);
    if (record.ttftMs !== null) this.ttft.get([provider, model, route]).observe(record.ttftMs / 1000);
    for (const attempt of record.attempts) {
      this.attempts.inc([this.labels.provider(attempt.providerId), this.labels.model(attempt.model), attempt.outcome]);
    }
    if (record.attempts.length > 1) this.fallbacks.inc([route], record.attempts.length - 1);
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  private registerScrapeGauges(registers: Registry[]): void {
    const sources = (): MetricsSources => this.sources;
    const ledgerGauge = (name: string, help: string, read: (stats: LedgerStats) => number | null): void => {
      new Gauge({
        name,
        help,
        registers,
        collect() {
          const stats = sources().ledgerStats?.();
          if (!stats) return;
          const value = read(stats);
          if (value !== null) this.set(value);
        },
      });
    };
    ledgerGauge('tollgate_ledger_queue_depth', 'Ledger records in memory waiting for the next flush', (stats) => stats.queued);
    ledgerGauge('tollgate_ledger_spilled_records', 'Ledger records only in the local journal, waiting for the store', (stats) => stats.spilledOnDisk);
    ledgerGauge('tollgate_ledger_written_records', 'Ledger records the store accepted since start', (stats) => stats.written);
    ledgerGauge('tollgate_ledger_failed_flushes', 'Ledger store writes that failed or timed out since start', (stats) => stats.failedFlushes);
    ledgerGauge('tollgate_ledger_dropped_records', 'Ledger records lost because neither journal nor memory could take them', (stats) => stats.dropped);
    ledgerGauge('tollgate_ledger_last_flush_seconds', 'How long the last ledger flush took', (stats) => (stats.lastFlushMs === null ? null : stats.lastFlushMs / 1000));

    new Gauge({
      name: 'tollgate_circuit_breaker_state',
      help: 'Circuit breaker position per target: 1 for the current state, 0 for the others',
      labelNames: ['target', 'state'],
      registers,
      collect() {
        this.reset();
        for (const { target, state } of sources().breakerStates?.() ?? []) {
          for (const position of BREAKER_POSITIONS) this.labels(target, position).set(position === state ? 1 : 0);
        }
      },
    });
    new Gauge({
      name: 'tollgate_budget_utilisation_ratio',
      help: 'Budget spend as a fraction of its limit (1 = used up)',
      labelNames: ['budget', 'scope'],
      registers,
      collect() {
        this.reset();
        for (const { budget, scope, ratio } of sources().budgetUtilisation?.() ?? []) this.labels(budget, scope).set(ratio);
      },
    });
  }
}
