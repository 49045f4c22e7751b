/**
 * The live state routing keeps between requests — target health (breakers, cooldowns),
 * per-provider concurrency, observed latency — bundled with the settings that use it, built once
 * from plain options, and seen whole by GET /admin/health through `snapshot()`.
 */
import type { Redis } from 'ioredis';
import type { BreakerOptions } from './health/circuit-breaker.js';
import { MemoryTargetHealth } from './health/memory-target-health.js';
import { RedisTargetHealth } from './health/redis-target-health.js';
import type { TargetHealth, TargetHealthSnapshot } from './health/target-health.js';
import { ConcurrencyLimiter, type ConcurrencySnapshot } from './concurrency-limiter.js';
import { LatencyTracker, type LatencySnapshot, type LatencyTrackerOptions } from './latency-tracker.js';

export interface RoutingRuntimeOptions {
  breaker?: Partial<BreakerOptions>;
  /** Cooldown after a rate limit that named no Retry-After (default 1000 ms; 0 for none). */
  rateLimitCooldownMs?: number;
  /** How long a request waits for a provider's concurrency slot before moving on (default 250 ms). */
  concurrencyMaxWaitMs?: number;
  latency?: LatencyTrackerOptions;
  /** Base of the exponential backoff between retries of one target (default 200 ms)… */
  retryBaseMs?: number;
  /** …and its ceiling (default 5000 ms). Full jitter: the delay is uniform in [0, min(max, base·2^n)]. */
  retryMaxMs?: number;
  /** Share breakers and cooldowns through Redis: a URL (opened and owned here) or a client (caller keeps it). */
  redis?: { url: string } | { client: Redis };
  /** Redis key prefix (default `tollgate:health:`). */
  redisKeyPrefix?: string;
  /** Periodic full reload of the Redis mirror, under pub/sub (default 2000 ms). */
  redisRefreshIntervalMs?: number;
  onError?: (error: unknown) => void;
}

export interface RoutingTargetSnapshot {
  ref: string;
  providerId: string;
  health: TargetHealthSnapshot | null;
  latency: LatencySnapshot | null;
}

export interface RoutingHealthSnapshot {
  at: string;
  /** Where breakers and cooldowns live: this instance only, or shared through Redis. */
  sharedState: 'memory' | 'redis';
  targets: RoutingTargetSnapshot[];
  concurrency: ConcurrencySnapshot[];
}

export interface RetrySettings {
  rateLimitCooldownMs: number;
  retryBaseMs: number;
  retryMaxMs: number;
}

export class RoutingRuntime {
  readonly retry: RetrySettings;

  constructor(
    readonly health: TargetHealth,
    readonly limiter: ConcurrencyLimiter,
    readonly latency: LatencyTracker,
    private readonly sharedState: 'memory' | 'redis',
    options: RoutingRuntimeOptions = {},
  ) {
    this.retry = {
      rateLimitCooldownMs: options.rateLimitCooldownMs ?? 1000,
      retryBaseMs: options.retryBaseMs ?? 200,
      retryMaxMs: options.retryMaxMs ?? 5000,
    };
  }

  snapshot(nowMs: number): RoutingHealthSnapshot {
    const health = new Map(this.health.snapshot(nowMs).map((entry) => [entry.ref, entry]));
    const latency = new Map(this.latency.snapshot().map((entry) => [entry.ref, entry]));
    const refs = [...new Set([...health.keys(), ...latency.keys()])].sort();
    return {
      at: new Date(nowMs).toISOString(),
      sharedState: this.sharedState,
      targets: refs.map((ref) => ({ ref, providerId: ref.slice(0, Math.max(0, ref.indexOf('/'))) || ref, health: health.get(ref) ?? null, latency: latency.get(ref) ?? null })),
      concurrency: this.limiter.snapshot(),
    };
  }

  close(): Promise<void> {
    return this.health.close();
  }
}

/** One instance's runtime: everything in memory. */
export function createMemoryRoutingRuntime(options: RoutingRuntimeOptions = {}): RoutingRuntime {
  return new RoutingRuntime(
    new MemoryTargetHealth(options.breaker),
    new ConcurrencyLimiter(options.concurrencyMaxWaitMs === undefined ? {} : { maxWaitMs: options.concurrencyMaxWaitMs }),
    new LatencyTracker(options.latency),
    'memory',
    options,
  );
}

/** Memory, or Redis-shared health when `options.redis` is set (connects and loads before resolving). */
export async function createRoutingRuntime(options: RoutingRuntimeOptions = {}): Promise<RoutingRuntime> {
  if (!options.redis) return createMemoryRoutingRuntime(options);
  const health = await RedisTargetHealth.open({
    redis: 'url' in options.redis ? options.redis.url : options.redis.client,
    ...(options.redisKeyPrefix === undefined ? {} : { keyPrefix: options.redisKeyPrefix }),
    ...(options.breaker === undefined ? {} : { breaker: options.breaker }),
    ...(options.redisRefreshIntervalMs === undefined ? {} : { refreshIntervalMs: options.redisRefreshIntervalMs }),
    ...(options.onError === undefined ? {} : { onError: options.onError }),
  });
  return new RoutingRuntime(
    health,
    new ConcurrencyLimiter(options.concurrencyMaxWaitMs === undefined ? {} : { maxWaitMs: options.concurrencyMaxWaitMs }),
    new LatencyTracker(options.latency),
    'redis',
    options,
  );
}
