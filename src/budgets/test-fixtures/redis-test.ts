/** Redis for tests: TOLLGATE_TEST_REDIS_URL, a connection per caller, and a key prefix unique to this run. */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

export const REDIS_TEST_URL = process.env.TOLLGATE_TEST_REDIS_URL ?? '';

export function warnWhenRedisIsSkipped(suite: string): void {
  if (!REDIS_TEST_URL) console.warn(`${suite}: Redis tests skipped; set TOLLGATE_TEST_REDIS_URL (e.g. redis://127.0.0.1:6379) to run them`);
}

export function uniqueRedisPrefix(label: string): string {
  return `tollgate-test:${label}:${process.pid}:${randomBytes(4).toString('hex')}:{t}:`;
}

export function connectTestRedis(): Redis {
  return new Redis(REDIS_TEST_URL, { maxRetriesPerRequest: 2, lazyConnect: false });
}

/** Deletes every key under the prefix (SCAN, not KEYS, so a shared Redis is not blocked). */
export async function deleteRedisPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix.replace(/[*?[\]]/g, '\\$&')}*`, 'COUNT', 500);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}
