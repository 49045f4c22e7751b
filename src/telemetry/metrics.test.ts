import { describe, expect, it } from 'vitest';
import type { LedgerStats } from '../ledger/ledger-types.js';
import { sampleLedgerRecord } from '../store/test-fixtures/sample-ledger-record.js';
import { GatewayMetrics } from './metrics.js';

const LABELS = { features: ['summarize'], routes: ['smart'], providers: ['openai', 'anthropic'], models: ['gpt-4o-mini', 'claude-sonnet-4-5'] };
const STATS: LedgerStats = { queued: 3, spilledOnDisk: 7, written: 100, failedFlushes: 2, lastFlushMs: 12, lastFlushAt: 0, journalLinesSkipped: 0, dropped: 0 };

function sampleValue(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GatewayMetrics', () => {
  it('counts requests, tokens by kind, cost, savings, latency, TTFT, attempts and fallbacks from a ledger record', async () => {
    const metrics = new GatewayMetrics(LABELS, {}, { defaultMetrics: false });
    metrics.observe(sampleLedgerRecord('one', { cacheSavingsPico: 600_000_000n }));
    metrics.observe(sampleLedgerRecord('two'));
    const text = await metrics.text();
    const labels = 'provider="openai",model="gpt-4o-mini",route="smart",feature="summarize"';
    expect(sampleValue(text, `tollgate_requests_total{${labels},status="ok"}`)).toBe(2);
    expect(sampleValue(text, `tollgate_tokens_total{${labels},kind="cache_read"}`)).toBe(16_000);
    expect(sampleValue(text, `tollgate_tokens_total{${labels},kind="input_no_cache"}`)).toBe(4_000);
    expect(sampleValue(text, `tollgate_tokens_total{${labels},kind="reasoning"}`)).toBe(100);
    expect(sampleValue(text, `tollgate_cost_usd_total{${labels}}`)).toBeCloseTo(0.00204, 12);
    expect(sampleValue(text, `tollgate_cache_savings_usd_total{${labels}}`)).toBeCloseTo(0.0006, 12);
    expect(sampleValue(text, 'tollgate_request_duration_seconds_count{provider="openai",model="gpt-4o-mini",route="smart"}')).toBe(2);
    expect(sampleValue(text, 'tollgate_request_duration_seconds_bucket{le="1",provider="openai",model="gpt-4o-mini",route="smart"}')).toBe(2);
    expect(sampleValue(text, 'tollgate_time_to_first_token_seconds_bucket{le="0.3",provider="openai",model="gpt-4o-mini",route="smart"}')).toBe(2);
    expect(sampleValue(text, 'tollgate_upstream_attempts_total{provider="anthropic",model="claude-sonnet-4-5",outcome="error"}')).toBe(2);
    expect(sampleValue(text, 'tollgate_fallbacks_total{route="smart"}')).toBe(2);
  });

  it('keeps label values to config: unknown features, routes and providers are "other", missing ones "none", models capped', async () => {
    const metrics = new GatewayMetrics({ ...LABELS, maxExtraModels: 1 }, {}, { defaultMetrics: false });
    const base = { attempts: [] };
    metrics.observe(sampleLedgerRecord('a', { ...base, feature: 'made-up', route: null, providerId: 'rogue', modelServed: 'new-model-1' }));
    metrics.observe(sampleLedgerRecord('b', { ...base, feature: null, route: 'other-route', modelServed: 'new-model-2' }));
    const text = await metrics.text();
    expect(sampleValue(text, 'tollgate_requests_total{provider="other",model="new-model-1",route="none",feature="other",status="ok"}')).toBe(1);
    expect(sampleValue(text, 'tollgate_requests_total{provider="openai",model="other",route="other",feature="none",status="ok"}')).toBe(1);
  });

  it('reads ledger, breaker and budget figures when scraped', async () => {
    let breaker: 'closed' | 'open' = 'closed';
    const metrics = new GatewayMetrics(LABELS, {
      ledgerStats: () => STATS,
      breakerStates: () => [{ target: 'openai/gpt-4o', state: breaker }],
      budgetUtilisation: () => [{ budget: 'daily', scope: 'user=alice', ratio: 0.42 }],
    }, { defaultMetrics: false });
    let text = await metrics.text();
    expect(sampleValue(text, 'tollgate_ledger_queue_depth')).toBe(3);
    expect(sampleValue(text, 'tollgate_ledger_spilled_records')).toBe(7);
    expect(sampleValue(text, 'tollgate_ledger_failed_flushes')).toBe(2);
    expect(sampleValue(text, 'tollgate_ledger_last_flush_seconds')).toBe(0.012);
    expect(sampleValue(text, 'tollgate_circuit_breaker_state{target="openai/gpt-4o",state="closed"}')).toBe(1);
    expect(sampleValue(text, 'tollgate_circuit_breaker_state{target="openai/gpt-4o",state="open"}')).toBe(0);
    expect(sampleValue(text, 'tollgate_budget_utilisation_ratio{budget="daily",scope="user=alice"}')).toBe(0.42);
    breaker = 'open';
    text = await metrics.text();
    expect(sampleValue(text, 'tollgate_circuit_breaker_state{target="openai/gpt-4o",state="open"}')).toBe(1);
  });

  it('observes a request in a few microseconds', () => {
    const metrics = new GatewayMetrics(LABELS, {}, { defaultMetrics: false });
    const records = Array.from({ length: 20_000 }, (_, index) => sampleLedgerRecord(`fast-${index}`));
    const started = performance.now();
    for (const record of records) metrics.observe(record);
    const microsecondsEach = ((performance.now() - started) * 1000) / records.length;
    expect(microsecondsEach).toBeLessThan(50);
  });
});
