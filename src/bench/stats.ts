/**
 * Summaries of repeated measurements: each number in a report is the median of its rounds, with the
 * lowest and highest beside it so that a reader sees how much the rounds agreed.
 */

export interface Spread {
  median: number;
  min: number;
  max: number;
  /** Every round's value, in the order measured. */
  values: number[];
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? Number.NaN;
  if (sorted.length % 2 === 1) return upper;
  return ((sorted[middle - 1] ?? upper) + upper) / 2;
}

export function spreadOf(values: readonly number[]): Spread {
  const finite = values.filter((value) => Number.isFinite(value));
  if (finite.length === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN, values: [...values] };
  return { median: median(finite), min: Math.min(...finite), max: Math.max(...finite), values: [...values] };
}

/** Per-round ratios of paired measurements (same round, same machine state), then their spread. */
export function pairedRatio(numerators: readonly number[], denominators: readonly number[]): Spread {
  const ratios: number[] = [];
  for (let round = 0; round < Math.min(numerators.length, denominators.length); round += 1) {
    const numerator = numerators[round] ?? Number.NaN;
    const denominator = denominators[round] ?? Number.NaN;
    ratios.push(denominator === 0 ? Number.NaN : numerator / denominator);
  }
  return spreadOf(ratios);
}

/** Per-round differences of paired measurements (what one contender adds over another). */
export function pairedDifference(values: readonly number[], baselines: readonly number[]): Spread {
  const differences: number[] = [];
  for (let round = 0; round < Math.min(values.length, baselines.length); round += 1) {
    differences.push((values[round] ?? Number.NaN) - (baselines[round] ?? Number.NaN));
  }
  return spreadOf(differences);
}

/** The value at `percentile` (0..100) of unsorted samples, by the nearest-rank method. */
export function percentileOf(samples: readonly number[], percentile: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((left, right) => left - right);
  const rank = Math.ceil((percentile / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? Number.NaN;
}
