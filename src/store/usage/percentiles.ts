/**
 * Percentiles by the nearest-rank method: the p-th percentile of n sorted values is the value at rank
 * ceil(p × n / 100) (1-based). Exact over raw values; over a histogram, the upper bound of the bucket that
 * holds that rank.
 */
import { LATENCY_BUCKET_BOUNDS_MS } from './rollup-columns.js';

/** ceil(p × n / 100) for whole-number percents, in integers so SQL can compute the same rank. */
export function nearestRank(count: number, percent: number): number {
  return Math.floor((count * percent + 99) / 100);
}

/** The nearest-rank percentile of `sortedValues` (ascending); null when empty. */
export function percentileOfSorted(sortedValues: readonly number[], percent: number): number | null {
  if (sortedValues.length === 0) return null;
  return sortedValues[Math.max(0, nearestRank(sortedValues.length, percent) - 1)] ?? null;
}

export interface HistogramPercentile {
  /** The bucket's upper bound in ms; null when the rank falls in the last, unbounded bucket. */
  upperBoundMs: number | null;
}

/** The bucket holding the nearest-rank percentile; null when the histogram is empty. */
export function histogramPercentile(histogram: readonly bigint[], percent: number): HistogramPercentile | null {
  const total = histogram.reduce((sum, count) => sum + count, 0n);
  if (total === 0n) return null;
  const rank = (total * BigInt(percent) + 99n) / 100n;
  let seen = 0n;
  for (let index = 0; index < histogram.length; index++) {
    seen += histogram[index] ?? 0n;
    if (seen >= rank) return { upperBoundMs: LATENCY_BUCKET_BOUNDS_MS[index] ?? null };
  }
  return { upperBoundMs: null };
}
