/**
 * The rate limiter shared by several instances: the same one-second buckets (see rate-window.ts) in Redis
 * hashes, checked and charged for every rule in one Lua script, so instances together admit no more than the
 * limit.
 */
import type { Redis } from 'ioredis';
import { rateCounters, rateLimitedDecision } from './rate-limiter.js';
import type { RateLimitDecision, RateLimiter, RateLimitRequest } from './rate-limiter.js';
import { RedisScript, stringArray } from './redis-script.js';

/** KEYS: one hash per counter. ARGV: now, then limit and cost per counter. Replies {'ok', second} or {'limited', index, retry-after ms (-1: never)}. */
const admitScript = new RedisScript(`
local now = tonumber(ARGV[1])
local second = math.floor(now / 1000)
local oldest = second - 59
for i = 1, #KEYS do
  local limit, cost = tonumber(ARGV[2 * i]), tonumber(ARGV[2 * i + 1])
  local fields = redis.call('HGETALL', KEYS[i])
  local total, seconds = 0, {}
  for j = 1, #fields, 2 do
    local bucket, amount = tonumber(fields[j]), tonumber(fields[j + 1])
    if bucket < oldest then
      redis.call('HDEL', KEYS[i], fields[j])
    else
      total = total + amount
      table.insert(seconds, {bucket, amount})
    end
  end
  if total + cost > limit then
    if cost > limit then return {'limited', tostring(i), '-1'} end
    table.sort(seconds, function(left, right) return left[1] < right[1] end)
    local remaining = total
    for _, entry in ipairs(seconds) do
      remaining = remaining - entry[2]
      if remaining + cost <= limit then return {'limited', tostring(i), string.format('%.0f', math.max(1, (entry[1] + 60) * 1000 - now))} end
    end
    return {'limited', tostring(i), '60000'}
  end
end
for i = 1, #KEYS do
  redis.call('HINCRBY', KEYS[i], string.format('%.0f', second), ARGV[2 * i + 1])
  redis.call('PEXPIRE', KEYS[i], 120000)
end
return {'ok', string.format('%.0f', second)}
`);

/** KEYS: the request's settle mark, then its token counters. ARGV: admission second, token delta. */
const settleScript = new RedisScript(`
if not redis.call('SET', KEYS[1], '1', 'NX', 'PX', 120000) then return 0 end
for i = 2, #KEYS do
  local current = redis.call('HGET', KEYS[i], ARGV[1])
  if current then
    redis.call('HSET', KEYS[i], ARGV[1], string.format('%.0f', math.max(0, tonumber(current) + tonumber(ARGV[2]))))
  end
end
return 1
`);

export const DEFAULT_RATE_KEY_PREFIX = 'tollgate:{rates}:';

export class RedisRateLimiter implements RateLimiter {
  readonly kind = 'redis';

  constructor(
    private readonly redis: Redis,
    private readonly options: { keyPrefix?: string; now?: () => number; ownsConnection?: boolean } = {},
  ) {}

  async admit(request: RateLimitRequest): Promise<RateLimitDecision> {
    const nowMs = request.now ?? (this.options.now ?? Date.now)();
    const prefix = this.options.keyPrefix ?? DEFAULT_RATE_KEY_PREFIX;
    const counters = rateCounters(request.rules, request.estimatedTokens);
    const noop: RateLimitDecision = { status: 'ok', ticket: { settle: () => Promise.resolve() } };
    if (counters.length === 0) return noop;
    const args: Array<string | number> = [nowMs];
    for (const counter of counters) args.push(counter.limit, counter.cost);
    const [status, first, second] = stringArray(await admitScript.run(this.redis, counters.map((counter) => `${prefix}${counter.key}`), args));
    if (status === 'limited') {
      const counter = counters[Number(first) - 1];
      if (!counter) throw new Error(`rate limit script named counter ${first} of ${counters.length}`);
      return rateLimitedDecision(counter, second === '-1' ? undefined : Number(second));
    }
    const tokenCounters = counters.filter((counter) => counter.metric === 'tpm');
    const estimated = tokenCounters[0]?.cost ?? 0;
    if (tokenCounters.length === 0) return noop;
    return {
      status: 'ok',
      ticket: {
        settle: async (actualTokens: number): Promise<void> => {
          const keys = [`${prefix}settled:${request.requestId}`, ...tokenCounters.map((counter) => `${prefix}${counter.key}`)];
          await settleScript.run(this.redis, keys, [first ?? '0', Math.ceil(actualTokens) - estimated]);
        },
      },
    };
  }

  async close(): Promise<void> {
    if (this.options.ownsConnection) await this.redis.quit();
  }
}
