import { describe, expect, it } from 'vitest';
import { outputTokenStatsJson, TAG_OVERLAP_NOTE, taskFiguresJson, usageResponseJson } from './usage-json.js';
import { emptyMeasures } from './usage-measures.js';

describe('taskFiguresJson', () => {
  it('divides every task’s cost by the successes, rounding half-even to the picodollar', () => {
    const figures = { tasks: 5n, successes: 3n, failures: 1n, withoutFeedback: 1n, requests: 12n, costPico: 10n, costUnknownRequests: 0n };
    // 10 / 3 = 3.33… picodollars → 3
    expect(taskFiguresJson(figures)).toMatchObject({ cost_usd: '0.00000000001', cost_per_successful_task_usd: '0.000000000003' });
    // 1_000_000_000_005 / 2 = 500_000_000_002.5 → 500_000_000_002 (even)
    expect(taskFiguresJson({ ...figures, successes: 2n, costPico: 1_000_000_000_005n }).cost_per_successful_task_usd).toBe('0.500000000002');
    expect(taskFiguresJson({ ...figures, successes: 0n }).cost_per_successful_task_usd).toBeNull();
  });
});

describe('outputTokenStatsJson', () => {
  it('gives mean and population variance as exact quotients rounded to three decimals', () => {
    // values 1, 2, 4: mean 7/3 = 2.333…, variance (1+4+16)/3 − (7/3)² = 14/9 = 1.555…
    expect(outputTokenStatsJson({ requests: 3n, sum: 7n, sumOfSquares: 21n, p50: 2n, p95: 4n, max: 4n })).toEqual({
      requests: 3, mean: '2.333', p50: 2, p95: 4, max: 4, variance: '1.556',
    });
    expect(outputTokenStatsJson({ requests: 2n, sum: 200n, sumOfSquares: 20_000n, p50: 100n, p95: 100n, max: 100n })).toMatchObject({ mean: '100', variance: '0' });
  });
});

describe('usageResponseJson', () => {
  it('says that per-tag rows overlap when grouped by tag, and how percentiles were computed', () => {
    const query = { fromMs: 0, toMs: 3_600_000, groupBy: ['tag' as const], interval: null, filters: {}, exactPercentiles: false };
    const latency = { p50Ms: null, p95Ms: null, isExact: false };
    const json = usageResponseJson(query, { rows: [], total: { measures: emptyMeasures(), latency }, plan: { dailyWindow: null, hourlyWindows: [{ fromMs: 0, toMs: 3_600_000 }], rawWindows: [] } });
    expect(json.notes[0]).toBe(TAG_OVERLAP_NOTE);
    expect(json.latency_percentiles).toBe('approximate');
    expect(json.total).toMatchObject({ requests: 0, cost_usd: '0', cache_savings_usd: '0', latency_ms: { p50: null, p95: null } });
    expect(json.source).toEqual({ daily_rollups: null, hourly_rollups: [{ from: '1970-01-01T00:00:00.000Z', to: '1970-01-01T01:00:00.000Z' }], raw_rows: [] });
  });
});
