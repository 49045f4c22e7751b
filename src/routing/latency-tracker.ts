/**
 * Observed latency per target as exponentially weighted moving averages — time to first token
 * (streams) and total time — and the `fastest` strategy's ordering from them. Kept per instance:
 * latency is what this instance sees of the network, so it is not shared through Redis.
 */

export type LatencyMetric = 'firstToken' | 'total';

export interface LatencyTrackerOptions {
  /** Weight of the newest sample (0–1]: higher follows change faster, lower smooths more. */
  alpha?: number;
  /** Chance (0–1) that `fastestOrder` puts a random measured target first, so a recovered one is noticed. */
  explorationRate?: number;
}

export interface LatencyStats {
  firstTokenMs?: number;
  firstTokenSamples: number;
  totalMs?: number;
  totalSamples: number;
  lastSampleAtMs: number;
}

export interface LatencySnapshot {
  ref: string;
  firstTokenMs: number | null;
  totalMs: number | null;
  samples: number;
  lastSampleAt: string;
}

export class LatencyTracker {
  private readonly stats = new Map<string, LatencyStats>();
  private readonly alpha: number;
  readonly explorationRate: number;

  constructor(options: LatencyTrackerOptions = {}) {
    this.alpha = options.alpha ?? 0.3;
    this.explorationRate = options.explorationRate ?? 0.05;
  }

  recordFirstToken(ref: string, milliseconds: number, nowMs: number): void {
    const stats = this.entry(ref, nowMs);
    stats.firstTokenMs = this.blend(stats.firstTokenMs, milliseconds);
    stats.firstTokenSamples += 1;
  }

  recordTotal(ref: string, milliseconds: number, nowMs: number): void {
    const stats = this.entry(ref, nowMs);
    stats.totalMs = this.blend(stats.totalMs, milliseconds);
    stats.totalSamples += 1;
  }

  statsOf(ref: string): Readonly<LatencyStats> | undefined {
    return this.stats.get(ref);
  }

  /**
   * Targets fastest first by `metric`: never-measured targets lead (in their given order) so they
   * get measured; otherwise, with probability `explorationRate`, a random measured target is moved
   * to the front; the rest follow by average, ties in their given order.
   */
  fastestOrder<T extends { ref: string }>(targets: readonly T[], random: () => number, metric: LatencyMetric = 'firstToken'): T[] {
    const averageOf = (target: T): number | undefined => {
      const stats = this.stats.get(target.ref);
      return metric === 'firstToken' ? stats?.firstTokenMs : stats?.totalMs;
    };
    const untested = targets.filter((target) => averageOf(target) === undefined);
    const measured = targets
      .map((target, index) => ({ target, index, average: averageOf(target) ?? Infinity }))
      .filter((entry) => entry.average !== Infinity)
      .sort((left, right) => left.average - right.average || left.index - right.index)
      .map((entry) => entry.target);
    if (untested.length === 0 && measured.length > 1 && random() < this.explorationRate) {
      const chosen = Math.min(measured.length - 1, Math.floor(random() * measured.length));
      measured.unshift(...measured.splice(chosen, 1));
    }
    return [...untested, ...measured];
  }

  snapshot(): LatencySnapshot[] {
    return [...this.stats.entries()]
      .map(([ref, stats]) => ({
        ref,
        firstTokenMs: stats.firstTokenMs === undefined ? null : Math.round(stats.firstTokenMs),
        totalMs: stats.totalMs === undefined ? null : Math.round(stats.totalMs),
        samples: stats.firstTokenSamples + stats.totalSamples,
        lastSampleAt: new Date(stats.lastSampleAtMs).toISOString(),
      }))
      .sort((left, right) => left.ref.localeCompare(right.ref));
  }

  private entry(ref: string, nowMs: number): LatencyStats {
    let stats = this.stats.get(ref);
    if (!stats) {
      stats = { firstTokenSamples: 0, totalSamples: 0, lastSampleAtMs: nowMs };
      this.stats.set(ref, stats);
    }
    stats.lastSampleAtMs = nowMs;
    return stats;
  }

  private blend(average: number | undefined, sample: number): number {
    const value = Math.max(0, sample);
    return average === undefined ? value : average + this.alpha * (value - average);
  }
}
