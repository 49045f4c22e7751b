import { describe, expect, it } from 'vitest';
import { createMemoryRoutingRuntime, createRoutingRuntime } from './routing-runtime.js';

const url = process.env.TOLLGATE_TEST_REDIS_URL;
if (!url) console.warn('TOLLGATE_TEST_REDIS_URL is not set: skipping the Redis-shared RoutingRuntime test');

const T0 = Date.UTC(2026, 0, 1);

describe('RoutingRuntime', () => {
  it('snapshots every target it has seen: breaker, cooldown, latency, and each provider’s concurrency', async () => {
    const runtime = createMemoryRoutingRuntime({ breaker: { consecutiveFailures: 1, openMs: 30_000 } });
    await runtime.health.record('openai/gpt-4o', 'server_error', T0);
    await runtime.health.coolDown('gemini/gemini-2.5-flash', T0 + 5_000, T0);
    runtime.latency.recordFirstToken('anthropic/claude-sonnet-4-5', 420, T0);
    const lease = await runtime.limiter.acquire('openai', 8);
    const snapshot = runtime.snapshot(T0 + 1_000);
    expect(snapshot).toEqual({
      at: new Date(T0 + 1_000).toISOString(),
      sharedState: 'memory',
      targets: [
        { ref: 'anthropic/claude-sonnet-4-5', providerId: 'anthropic', health: null, latency: expect.objectContaining({ firstTokenMs: 420 }) },
        { ref: 'gemini/gemini-2.5-flash', providerId: 'gemini', health: expect.objectContaining({ breaker: 'closed', cooldownRemainingMs: 4_000 }), latency: null },
        { ref: 'openai/gpt-4o', providerId: 'openai', health: expect.objectContaining({ breaker: 'open', openReason: '1 consecutive failures' }), latency: null },
      ],
      concurrency: [{ key: 'openai', limit: 8, active: 1, queued: 0 }],
    });
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
    if (lease.ok) lease.lease.release();
    await runtime.close();
  });

  it.skipIf(!url)('shares health through Redis when given a URL', async () => {
    const keyPrefix = `tollgate-test:runtime:${process.pid}:${Date.now()}:`;
    const first = await createRoutingRuntime({ redis: { url: url ?? '' }, redisKeyPrefix: keyPrefix });
    const second = await createRoutingRuntime({ redis: { url: url ?? '' }, redisKeyPrefix: keyPrefix });
    try {
      const now = Date.now();
      await first.health.coolDown('openai/gpt-4o', now + 60_000, now);
      await expect.poll(() => second.snapshot(now).targets[0]?.health?.cooldownUntil).toBe(new Date(now + 60_000).toISOString());
      expect(second.snapshot(now).sharedState).toBe('redis');
    } finally {
      await first.close();
      await second.close();
      const { Redis } = await import('ioredis');
      const admin = new Redis(url ?? '');
      const keys = await admin.keys(`${keyPrefix}*`);
      if (keys.length > 0) await admin.del(...keys);
      await admin.quit();
    }
  });
});
