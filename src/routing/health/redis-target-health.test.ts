import fc from 'fast-check';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MemoryTargetHealth } from './memory-target-health.js';
import { RedisTargetHealth } from './redis-target-health.js';
import { CONTRACT_BREAKER, describeTargetHealthContract } from './target-health-contract.js';
import type { HealthOutcome, TargetHealth } from './target-health.js';

const url = process.env.TOLLGATE_TEST_REDIS_URL;
if (!url) console.warn('TOLLGATE_TEST_REDIS_URL is not set: skipping the RedisTargetHealth tests (set it to e.g. redis://127.0.0.1:6379)');

const runPrefix = `tollgate-test:routing:${process.pid}:${Date.now()}:`;
let prefixCount = 0;
const nextPrefix = (): string => `${runPrefix}${(prefixCount += 1)}:`;

async function deleteKeys(redis: Redis, pattern: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}

describe.skipIf(!url)('RedisTargetHealth', () => {
  let admin: Redis;
  const opened: TargetHealth[] = [];

  beforeAll(() => {
    admin = new Redis(url ?? '');
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((health) => health.close()));
  });

  afterAll(async () => {
    await deleteKeys(admin, `${runPrefix}*`);
    await admin.quit();
  });

  async function open(keyPrefix: string, refreshIntervalMs = 2000): Promise<RedisTargetHealth> {
    const health = await RedisTargetHealth.open({ redis: url ?? '', keyPrefix, breaker: CONTRACT_BREAKER, refreshIntervalMs, onError: (error) => console.error(error) });
    opened.push(health);
    return health;
  }

  describeTargetHealthContract('RedisTargetHealth', async () => open(nextPrefix()));

  it('two instances on two connections agree on an open breaker within a short time', async () => {
    const prefix = nextPrefix();
    const first = await open(prefix);
    const second = await open(prefix);
    const now = Date.now();
    expect((await second.check('openai/gpt-4o', now)).admitted).toBe(true);
    for (let index = 0; index < 3; index += 1) await first.record('openai/gpt-4o', 'server_error', now);
    const started = performance.now();
    await expect.poll(async () => (await second.check('openai/gpt-4o', now + 10)).admitted, { timeout: 1000, interval: 0 }).toBe(false);
    const propagationMs = performance.now() - started;
    console.info(`breaker open seen by the second instance ${propagationMs.toFixed(1)} ms after the first instance's write returned`);
    expect(second.snapshot(now + 10)[0]).toMatchObject({ ref: 'openai/gpt-4o', breaker: 'open', openReason: '3 consecutive failures' });
  });

  it('two instances agree on a cooldown within a short time', async () => {
    const prefix = nextPrefix();
    const first = await open(prefix);
    const second = await open(prefix);
    const now = Date.now();
    await first.coolDown('backup/gpt-4o-mini', now + 30_000, now);
    await expect.poll(async () => await second.check('backup/gpt-4o-mini', now + 1), { timeout: 1000, interval: 2 }).toMatchObject({
      admitted: false,
      reason: 'cooldown',
      failure: { errorClass: 'rate_limit', retryAfterMs: 29_999 },
    });
  });

  it('only one of two instances gets the half-open probe', async () => {
    const prefix = nextPrefix();
    const first = await open(prefix);
    const second = await open(prefix);
    const now = Date.now();
    for (let index = 0; index < 3; index += 1) await first.record('openai/gpt-4o', 'timeout', now);
    await expect.poll(() => second.snapshot(now)[0]?.breaker).toBe('open');
    const admissions = await Promise.all([first.check('openai/gpt-4o', now + 5_000), second.check('openai/gpt-4o', now + 5_000)]);
    expect(admissions.filter((admission) => admission.admitted)).toEqual([{ admitted: true, isProbe: true }]);
  });

  it('failures recorded by two instances add up in the shared breaker', async () => {
    const prefix = nextPrefix();
    const first = await open(prefix);
    const second = await open(prefix);
    const now = Date.now();
    await first.record('openai/gpt-4o', 'server_error', now);
    await second.record('openai/gpt-4o', 'server_error', now);
    await first.record('openai/gpt-4o', 'server_error', now);
    // The third failure reached Redis from the first instance; the second hears of it by pub/sub.
    await expect.poll(async () => await second.check('openai/gpt-4o', now + 1), { timeout: 1000, interval: 2 }).toMatchObject({ admitted: false, reason: 'breaker_open' });
    expect(first.snapshot(now + 1)).toEqual(second.snapshot(now + 1));
  });

  it('a new instance loads the state that is already in Redis', async () => {
    const prefix = nextPrefix();
    const first = await open(prefix);
    const now = Date.now();
    await first.coolDown('openai/gpt-4o', now + 10_000, now);
    const late = await open(prefix);
    expect(await late.check('openai/gpt-4o', now)).toMatchObject({ admitted: false, reason: 'cooldown' });
  });

  it('the periodic refresh catches a change whose message was missed', async () => {
    const prefix = nextPrefix();
    const watcher = await open(prefix, 50);
    const now = Date.now();
    // Written straight into Redis, without a publish: only the refresh can bring it in.
    const state = { version: 1_000_000, cooldownUntilMs: now + 60_000, breaker: { position: 'closed', consecutiveFailures: 0, buckets: [], openUntilMs: 0, openReason: '', probesInFlight: 0, probeDeadlineMs: 0 } };
    await admin.set(`${prefix}target:openai/gpt-4o`, JSON.stringify(state), 'PX', 60_000);
    await admin.set(`${prefix}version`, '1000000');
    await admin.sadd(`${prefix}targets`, 'openai/gpt-4o');
    await expect.poll(async () => (await watcher.check('openai/gpt-4o', now)).admitted, { timeout: 2000 }).toBe(false);
  });

  it('the Lua transitions match the TypeScript ones on random histories', async () => {
    const refs = ['a/x', 'b/y'];
    const outcome = fc.constantFrom<HealthOutcome>('ok', 'server_error', 'timeout', 'rate_limit', 'invalid_request', 'cancelled', 'auth');
    const step = fc.oneof(
      fc.record({ kind: fc.constant('record' as const), ref: fc.constantFrom(...refs), outcome, advanceMs: fc.integer({ min: 0, max: 3_000 }) }),
      fc.record({ kind: fc.constant('check' as const), ref: fc.constantFrom(...refs), advanceMs: fc.integer({ min: 0, max: 6_000 }) }),
      fc.record({ kind: fc.constant('coolDown' as const), ref: fc.constantFrom(...refs), forMs: fc.integer({ min: 1, max: 4_000 }), advanceMs: fc.integer({ min: 0, max: 1_000 }) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 40 }), async (steps) => {
        const memory = new MemoryTargetHealth(CONTRACT_BREAKER);
        const shared = await open(nextPrefix());
        let now = Math.floor(Date.now() / 1000) * 1000;
        for (const current of steps) {
          now += current.advanceMs;
          if (current.kind === 'record') {
            await memory.record(current.ref, current.outcome, now);
            await shared.record(current.ref, current.outcome, now);
          } else if (current.kind === 'coolDown') {
            await memory.coolDown(current.ref, now + current.forMs, now);
            await shared.coolDown(current.ref, now + current.forMs, now);
          } else {
            expect(await shared.check(current.ref, now)).toEqual(await memory.check(current.ref, now));
          }
          expect(shared.snapshot(now)).toEqual(memory.snapshot(now));
        }
        await shared.close();
      }),
      { numRuns: 40 },
    );
  });
});
