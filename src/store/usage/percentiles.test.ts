import { describe, expect, it } from 'vitest';
import { histogramPercentile, nearestRank, percentileOfSorted } from './percentiles.js';
import { LATENCY_BUCKET_BOUNDS_MS, LATENCY_COLUMNS } from './rollup-columns.js';

describe('nearest-rank percentiles', () => {
  it.each([
    [1, 50, 1], [1, 95, 1], [2, 50, 1], [2, 95, 2], [10, 50, 5], [10, 95, 10], [20, 95, 19], [100, 95, 95], [101, 50, 51],
  ])('n=%i p%i → rank %i', (count, percent, rank) => {
    expect(nearestRank(count, percent)).toBe(rank);
    expect(nearestRank(count, percent)).toBe(Math.ceil((count * percent) / 100));
  });

  it('picks the value at that rank', () => {
    expect(percentileOfSorted([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50)).toBe(5);
    expect(percentileOfSorted([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95)).toBe(10);
    expect(percentileOfSorted([], 50)).toBeNull();
  });
});

describe('histogramPercentile', () => {
  const histogram = (counts: Record<number, number>): bigint[] => LATENCY_COLUMNS.map((_, index) => BigInt(counts[index] ?? 0));

  it('answers the upper bound of the bucket holding the rank', () => {
    // 6 requests ≤10 ms, 3 in (300, 500], 1 in (5000, 7500]: p50 is rank 5, p95 rank 10.
    const counts = histogram({ 0: 6, 6: 3, 13: 1 });
    expect(histogramPercentile(counts, 50)).toEqual({ upperBoundMs: LATENCY_BUCKET_BOUNDS_MS[0] });
    expect(histogramPercentile(counts, 95)).toEqual({ upperBoundMs: 7_500 });
  });

  it('says null past the last bound, and nothing for an empty histogram', () => {
    expect(histogramPercentile(histogram({ [LATENCY_COLUMNS.length - 1]: 2 }), 50)).toEqual({ upperBoundMs: null });
    expect(histogramPercentile(histogram({}), 50)).toBeNull();
  });
});
