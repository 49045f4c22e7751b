import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConcurrencyLimiter, type AcquireResult, type ConcurrencyLease } from './concurrency-limiter.js';

function leaseOf(result: AcquireResult): ConcurrencyLease {
  if (!result.ok) throw new Error(`expected a lease, got ${result.reason}`);
  return result.lease;
}

describe('ConcurrencyLimiter', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('admits up to the limit at once, then queues', async () => {
    const limiter = new ConcurrencyLimiter();
    const first = leaseOf(await limiter.acquire('openai', 2));
    leaseOf(await limiter.acquire('openai', 2));
    const third = limiter.acquire('openai', 2);
    expect(limiter.snapshot()).toEqual([{ key: 'openai', limit: 2, active: 2, queued: 1 }]);
    first.release();
    const granted = await third;
    expect(granted.ok).toBe(true);
    expect(limiter.snapshot()).toEqual([{ key: 'openai', limit: 2, active: 2, queued: 0 }]);
  });

  it('hands freed slots to waiters first in, first out, and newcomers cannot overtake', async () => {
    const limiter = new ConcurrencyLimiter({ maxWaitMs: 1_000 });
    const holder = leaseOf(await limiter.acquire('openai', 1));
    const order: string[] = [];
    const waiters = ['a', 'b', 'c'].map((name) =>
      limiter.acquire('openai', 1).then((result) => {
        order.push(name);
        return leaseOf(result);
      }),
    );
    holder.release();
    // A newcomer arriving just as the slot frees joins the back of the queue.
    const newcomer = limiter.acquire('openai', 1).then((result) => {
      order.push('newcomer');
      return leaseOf(result);
    });
    for (const waiter of [...waiters, newcomer]) (await waiter).release();
    expect(order).toEqual(['a', 'b', 'c', 'newcomer']);
  });

  it('gives up after the max wait (250 ms by default) and reports the queue', async () => {
    const limiter = new ConcurrencyLimiter();
    leaseOf(await limiter.acquire('gemini', 1));
    const waiting = limiter.acquire('gemini', 1);
    await vi.advanceTimersByTimeAsync(249);
    expect(limiter.snapshot()[0]?.queued).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(await waiting).toEqual({ ok: false, reason: 'timeout', waitedMs: 250, active: 1, queued: 0, limit: 1 });
    expect(limiter.snapshot()[0]).toMatchObject({ active: 1, queued: 0 });
  });

  it('a per-call max wait overrides the default; zero refuses at once', async () => {
    const limiter = new ConcurrencyLimiter();
    leaseOf(await limiter.acquire('gemini', 1));
    expect(await limiter.acquire('gemini', 1, { maxWaitMs: 0 })).toMatchObject({ ok: false, reason: 'timeout', waitedMs: 0 });
  });

  it('leaves the queue when the signal aborts', async () => {
    const limiter = new ConcurrencyLimiter();
    leaseOf(await limiter.acquire('gemini', 1));
    const controller = new AbortController();
    const waiting = limiter.acquire('gemini', 1, { signal: controller.signal });
    await vi.advanceTimersByTimeAsync(40);
    controller.abort();
    expect(await waiting).toMatchObject({ ok: false, reason: 'aborted', waitedMs: 40 });
    expect(limiter.snapshot()[0]?.queued).toBe(0);
  });

  it('counts a double release once', async () => {
    const limiter = new ConcurrencyLimiter();
    const first = leaseOf(await limiter.acquire('openai', 2));
    leaseOf(await limiter.acquire('openai', 2));
    first.release();
    first.release();
    expect(limiter.snapshot()[0]?.active).toBe(1);
  });

  it('a timed-out waiter never gets the slot later', async () => {
    const limiter = new ConcurrencyLimiter({ maxWaitMs: 10 });
    const holder = leaseOf(await limiter.acquire('openai', 1));
    const late = limiter.acquire('openai', 1);
    await vi.advanceTimersByTimeAsync(10);
    expect((await late).ok).toBe(false);
    holder.release();
    expect(limiter.snapshot()[0]).toMatchObject({ active: 0, queued: 0 });
  });

  it('counts providers without a limit but never queues them', async () => {
    const limiter = new ConcurrencyLimiter();
    const leases = await Promise.all(Array.from({ length: 50 }, () => limiter.acquire('local', undefined)));
    expect(leases.every((result) => result.ok)).toBe(true);
    expect(limiter.snapshot()).toEqual([{ key: 'local', limit: null, active: 50, queued: 0 }]);
  });

  it('raising the limit admits waiters at once', async () => {
    const limiter = new ConcurrencyLimiter({ maxWaitMs: 1_000 });
    leaseOf(await limiter.acquire('openai', 1));
    const waiting = limiter.acquire('openai', 1);
    leaseOf(await limiter.acquire('openai', 3));
    expect((await waiting).ok).toBe(true);
    expect(limiter.snapshot()[0]).toMatchObject({ limit: 3, active: 3 });
  });

  it('keeps providers apart', async () => {
    const limiter = new ConcurrencyLimiter();
    leaseOf(await limiter.acquire('openai', 1));
    expect((await limiter.acquire('anthropic', 1)).ok).toBe(true);
  });
});
