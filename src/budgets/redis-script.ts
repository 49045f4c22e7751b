/** A Lua script run by its SHA-1 (EVALSHA), sent in full only when Redis does not have it cached yet. */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

export class RedisScript {
  private readonly sha: string;

  constructor(private readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(redis: Redis, keys: readonly string[], args: ReadonlyArray<string | number>): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return redis.eval(this.source, keys.length, ...keys, ...args);
    }
  }
}

/** A script's reply as the array of strings our scripts return. */
export function stringArray(reply: unknown): string[] {
  if (!Array.isArray(reply)) throw new TypeError(`unexpected Redis script reply: ${JSON.stringify(reply)}`);
  return reply.map((item: unknown) => {
    if (typeof item === 'string') return item;
    if (typeof item === 'number') return String(item);
    throw new TypeError(`unexpected Redis script reply item: ${JSON.stringify(item)}`);
  });
}
