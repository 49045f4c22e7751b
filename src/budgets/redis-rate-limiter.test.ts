import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rateLimiterContract } from './rate-limiter.contract.js';
import { RedisRateLimiter } from './redis-rate-limiter.js';
import { connectTestRedis, deleteRedisPrefix, REDIS_TEST_URL, uniqueRedisPrefix, warnWhenRedisIsSkipped } from './test-fixtures/redis-test.js';

warnWhenRedisIsSkipped('RedisRateLimiter');

describe.skipIf(!REDIS_TEST_URL)('RedisRateLimiter', () => {
  const prefixes: string[] = [];
  let cleaner: Redis;

  beforeAll(() => {
    cleaner = connectTestRedis();
  });
  afterAll(async () => {
    for (const prefix of prefixes) await deleteRedisPrefix(cleaner, prefix);
    await cleaner.quit();
  });

  function limiter(keyPrefix: string): RedisRateLimiter {
    return new RedisRateLimiter(connectTestRedis(), { keyPrefix, ownsConnection: true });
  }

  rateLimiterContract(async () => {
    const keyPrefix = uniqueRedisPrefix('rates');
    prefixes.push(keyPrefix);
    return limiter(keyPrefix);
  });

  it('shares one limit between instances', async () => {
    const keyPrefix = uniqueRedisPrefix('rates-shared');
    prefixes.push(keyPrefix);
    const instances = [limiter(keyPrefix), limiter(keyPrefix)];
    const now = Date.now();
    const decisions = await Promise.all(
      Array.from({ length: 40 }, (_, index) => instances[index % 2]?.admit({ requestId: `shared-${index}`, rules: [{ scope: 'key', name: 'key_x', rpm: 7, tpm: 10_000 }], estimatedTokens: 100, now })),
    );
    expect(decisions.filter((decision) => decision?.status === 'ok')).toHaveLength(7);
    await Promise.all(instances.map((instance) => instance.close()));
  });
});
