/**
 * "Once per threshold crossing per period": the first claim of an alert's dedupe key wins. In memory for one
 * instance; in Redis (SET NX with the window's remaining life) when several instances may see the same crossing.
 */
import type { Redis } from 'ioredis';

export interface AlertDedupe {
  /** True for the first claim of `key` until `ttlMs` passes (null: forever). */
  claim(key: string, ttlMs: number | null): Promise<boolean>;
}

const REMEMBERED_KEYS = 100_000;

export class MemoryAlertDedupe implements AlertDedupe {
  private readonly claimed = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  claim(key: string, ttlMs: number | null): Promise<boolean> {
    const nowMs = this.now();
    const expiresAt = this.claimed.get(key);
    if (expiresAt !== undefined && expiresAt > nowMs) return Promise.resolve(false);
    this.claimed.delete(key);
    this.claimed.set(key, ttlMs === null ? Number.POSITIVE_INFINITY : nowMs + ttlMs);
    if (this.claimed.size > REMEMBERED_KEYS) {
      const oldest = this.claimed.keys().next().value;
      if (oldest !== undefined) this.claimed.delete(oldest);
    }
    return Promise.resolve(true);
  }
}

export class RedisAlertDedupe implements AlertDedupe {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'tollgate:{budgets}:alert:',
  ) {}

  async claim(key: string, ttlMs: number | null): Promise<boolean> {
    const name = `${this.prefix}${key}`;
    const reply = ttlMs === null ? await this.redis.set(name, '1', 'NX') : await this.redis.set(name, '1', 'PX', Math.max(1, Math.ceil(ttlMs)), 'NX');
    return reply === 'OK';
  }
}
