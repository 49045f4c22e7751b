/**
 * What each model has recently produced for each feature, so that a pre-flight estimate can
 * expect a typical answer rather than the worst case. A bounded ring of recent outputs per
 * (target, feature) gives the mean and the 95th percentile; memory stays flat whatever the traffic.
 */

export interface OutputTokenSummary {
  samples: number;
  mean: number;
  p95: number;
  max: number;
}

/** The key for figures kept across every target (per feature): one expectation to compare targets by. */
export const ANY_TARGET = '*';

const DEFAULT_WINDOW = 200;
const MAX_KEYS = 5_000;

export class OutputTokenStats {
  private readonly rings = new Map<string, { values: number[]; next: number }>();

  constructor(private readonly window = DEFAULT_WINDOW) {}

  record(target: string, feature: string | undefined, outputTokens: number): void {
    if (!Number.isFinite(outputTokens) || outputTokens < 0) return;
    for (const key of [keyOf(target, feature), keyOf(target, undefined)]) {
      let ring = this.rings.get(key);
      if (!ring) {
        if (this.rings.size >= MAX_KEYS) this.evictOldest();
        ring = { values: [], next: 0 };
        this.rings.set(key, ring);
      }
      if (ring.values.length < this.window) ring.values.push(outputTokens);
      else ring.values[ring.next] = outputTokens;
      ring.next = (ring.next + 1) % this.window;
      if (key === keyOf(target, undefined) && feature === undefined) break;
    }
  }

  /** The feature's own figures when it has any, else the target's across features. */
  summary(target: string, feature: string | undefined): OutputTokenSummary | undefined {
    const ring = (feature === undefined ? undefined : this.rings.get(keyOf(target, feature))) ?? this.rings.get(keyOf(target, undefined));
    if (!ring || ring.values.length === 0) return undefined;
    const sorted = [...ring.values].sort((left, right) => left - right);
    const sum = sorted.reduce((total, value) => total + value, 0);
    return {
      samples: sorted.length,
      mean: Math.ceil(sum / sorted.length),
      p95: sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] ?? 0,
      max: sorted[sorted.length - 1] ?? 0,
    };
  }

  private evictOldest(): void {
    const oldest = this.rings.keys().next();
    if (!oldest.done) this.rings.delete(oldest.value);
  }
}

function keyOf(target: string, feature: string | undefined): string {
  return feature === undefined ? target : `${target}\u0000${feature}`;
}
