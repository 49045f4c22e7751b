import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from './latency-histogram.js';

describe('LatencyHistogram', () => {
  it('summarises milliseconds to three significant digits', () => {
    const histogram = new LatencyHistogram();
    for (let value = 1; value <= 1000; value += 1) histogram.recordMs(value / 10);
    const summary = histogram.summary();
    expect(summary.count).toBe(1000);
    expect(summary.p50).toBeCloseTo(50, 0);
    expect(summary.p99).toBeCloseTo(99, 0);
    expect(summary.p999).toBeCloseTo(99.9, 0);
    expect(summary.max).toBeCloseTo(100, 0);
    expect(summary.mean).toBeCloseTo(50.05, 1);
  });

  it('keeps sub-millisecond resolution, which the added-latency targets need', () => {
    const histogram = new LatencyHistogram();
    histogram.recordMs(0.25);
    histogram.recordMs(0.3);
    expect(histogram.percentileMs(50)).toBeCloseTo(0.25, 3);
  });

  it('reports NaN, not zero, when nothing was recorded', () => {
    expect(new LatencyHistogram().summary().p50).toBeNaN();
  });
});
