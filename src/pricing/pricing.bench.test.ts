import { describe, expect, it } from 'vitest';
import { benchPricing } from './pricing.bench.js';

describe('benchPricing', () => {
  it('measures price() and reports nanoseconds per call', () => {
    const result = benchPricing({ iterations: 5000 });
    expect(result.iterations).toBe(5000);
    expect(result.nsPerOp).toBeGreaterThan(0);
    expect(Number.isFinite(result.nsPerOp)).toBe(true);
  });
});
