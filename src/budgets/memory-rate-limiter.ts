/** The single-instance rate limiter: one-second buckets in memory, checked and charged with no await between. */
import { rateCounters, rateLimitedDecision } from './rate-limiter.js';
import type { RateLimitDecision, RateLimiter, RateLimitRequest } from './rate-limiter.js';
import { checkWindow, currentSecond, windowTotal } from './rate-window.js';

const SWEEP_EVERY_MS = 60_000;

export class MemoryRateLimiter implements RateLimiter {
  readonly kind = 'memory';
  private readonly windows = new Map<string, Map<number, number>>();
  private nextSweepMs = Number.NEGATIVE_INFINITY;

  constructor(private readonly clock: () => number = Date.now) {}

  admit(request: RateLimitRequest): Promise<RateLimitDecision> {
    const nowMs = request.now ?? this.clock();
    this.sweep(nowMs);
    const counters = rateCounters(request.rules, request.estimatedTokens);
    for (const counter of counters) {
      const check = checkWindow(this.bucketsOf(counter.key), nowMs, counter.limit, counter.cost);
      if (!check.isAllowed) return Promise.resolve(rateLimitedDecision(counter, check.retryAfterMs));
    }
    const second = currentSecond(nowMs);
    for (const counter of counters) {
      const buckets = this.bucketsOf(counter.key);
      buckets.set(second, (buckets.get(second) ?? 0) + counter.cost);
    }
    let isSettled = false;
    const tokenCounters = counters.filter((counter) => counter.metric === 'tpm');
    return Promise.resolve({
      status: 'ok',
      ticket: {
        settle: (actualTokens: number): Promise<void> => {
          if (isSettled) return Promise.resolve();
          isSettled = true;
          for (const counter of tokenCounters) {
            const buckets = this.windows.get(counter.key);
            const admitted = buckets?.get(second);
            // Gone from the window already: nothing left to correct.
            if (buckets && admitted !== undefined) buckets.set(second, Math.max(0, admitted + Math.ceil(actualTokens) - counter.cost));
          }
          return Promise.resolve();
        },
      },
    });
  }

  async close(): Promise<void> {
    this.windows.clear();
  }

  private bucketsOf(key: string): Map<number, number> {
    let buckets = this.windows.get(key);
    if (!buckets) {
      buckets = new Map();
      this.windows.set(key, buckets);
    }
    return buckets;
  }

  /** Forgets keys idle for a whole window, so a burst of one-off keys does not stay in memory. */
  private sweep(nowMs: number): void {
    if (nowMs < this.nextSweepMs) return;
    this.nextSweepMs = nowMs + SWEEP_EVERY_MS;
    for (const [key, buckets] of this.windows) {
      if (windowTotal(buckets, nowMs) === 0 && buckets.size === 0) this.windows.delete(key);
    }
  }
}
