/**
 * The behaviour every TargetHealth must have, as one suite each implementation runs (memory and
 * Redis): admission, breaker transitions, cooldowns and the snapshot.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BreakerOptions } from './circuit-breaker.js';
import type { TargetHealth } from './target-health.js';

export const CONTRACT_BREAKER: BreakerOptions = {
  consecutiveFailures: 3,
  failureRate: 0.5,
  minimumRequests: 10,
  windowMs: 10_000,
  windowBuckets: 10,
  openMs: 5_000,
  halfOpenProbes: 1,
  probeTimeoutMs: 20_000,
};

export function describeTargetHealthContract(name: string, create: (breaker: BreakerOptions) => Promise<TargetHealth>): void {
  describe(`${name}: the TargetHealth contract`, () => {
    let health: TargetHealth;
    // Real wall-clock time, moved by hand: Redis key TTLs are relative, so any base works.
    const t0 = Math.floor(Date.now() / 1000) * 1000;
    const ref = 'openai/gpt-4o';

    beforeEach(async () => {
      health = await create(CONTRACT_BREAKER);
    });

    afterEach(async () => {
      await health.close();
    });

    async function fail(times: number, atMs: number, errorClass: 'server_error' | 'timeout' = 'server_error'): Promise<void> {
      for (let index = 0; index < times; index += 1) await health.record(ref, errorClass, atMs);
    }

    it('admits a target it has never heard of', async () => {
      expect(await health.check(ref, t0)).toEqual({ admitted: true, isProbe: false });
      expect(health.snapshot(t0)).toEqual([]);
    });

    it('opens after consecutive failures and skips the target as overloaded until the open period ends', async () => {
      await fail(3, t0);
      const skip = await health.check(ref, t0 + 1_000);
      expect(skip).toMatchObject({ admitted: false, reason: 'breaker_open', failure: { errorClass: 'overloaded', status: null, retryAfterMs: 4_000 } });
      if (!skip.admitted) expect(skip.failure.message).toMatch(/circuit breaker is open after 3 consecutive failures/);
      expect(health.snapshot(t0 + 1_000)).toEqual([
        expect.objectContaining({ ref, breaker: 'open', openReason: '3 consecutive failures', openUntil: new Date(t0 + 5_000).toISOString() }),
      ]);
    });

    it('does not count the request’s own faults, rate limits or cancels', async () => {
      for (const errorClass of ['rate_limit', 'invalid_request', 'context_length', 'content_filter', 'cancelled'] as const) {
        await health.record(ref, errorClass, t0);
        await health.record(ref, errorClass, t0);
      }
      await fail(2, t0);
      expect((await health.check(ref, t0)).admitted).toBe(true);
    });

    it('opens on the failure rate over the window', async () => {
      for (let index = 0; index < 5; index += 1) {
        await health.record(ref, 'ok', t0 + index);
        await health.record(ref, 'timeout', t0 + index);
      }
      const skip = await health.check(ref, t0 + 10);
      expect(skip).toMatchObject({ admitted: false, reason: 'breaker_open' });
      expect(health.snapshot(t0 + 10)[0]?.openReason).toBe('failure rate 50% over the last 10 requests');
    });

    it('half-opens after the open period: one probe, then closes on its success', async () => {
      await fail(3, t0);
      expect(await health.check(ref, t0 + 5_000)).toEqual({ admitted: true, isProbe: true });
      expect(await health.check(ref, t0 + 5_001)).toMatchObject({ admitted: false, reason: 'breaker_open' });
      expect(health.snapshot(t0 + 5_001)[0]).toMatchObject({ breaker: 'half_open', probesInFlight: 1 });
      await health.record(ref, 'ok', t0 + 5_300);
      expect(await health.check(ref, t0 + 5_301)).toEqual({ admitted: true, isProbe: false });
      expect(health.snapshot(t0 + 5_301)[0]).toMatchObject({ breaker: 'closed', consecutiveFailures: 0, windowRequests: 0 });
    });

    it('re-opens when the probe fails', async () => {
      await fail(3, t0);
      await health.check(ref, t0 + 5_000);
      await health.record(ref, 'connection', t0 + 5_500);
      expect(await health.check(ref, t0 + 6_000)).toMatchObject({ admitted: false, failure: { retryAfterMs: 4_500 } });
    });

    it('a cancelled probe frees the slot for the next request', async () => {
      await fail(3, t0);
      await health.check(ref, t0 + 5_000);
      await health.record(ref, 'cancelled', t0 + 5_010);
      expect(await health.check(ref, t0 + 5_020)).toEqual({ admitted: true, isProbe: true });
    });

    it('a cooldown skips the target as rate limited, with the time left, and a shorter one does not cut it', async () => {
      await health.coolDown(ref, t0 + 7_000, t0);
      await health.coolDown(ref, t0 + 2_000, t0);
      const skip = await health.check(ref, t0 + 1_000);
      expect(skip).toMatchObject({ admitted: false, reason: 'cooldown', failure: { errorClass: 'rate_limit', retryAfterMs: 6_000 } });
      expect(health.snapshot(t0 + 1_000)[0]).toMatchObject({ ref, breaker: 'closed', cooldownRemainingMs: 6_000, cooldownUntil: new Date(t0 + 7_000).toISOString() });
      expect(await health.check(ref, t0 + 7_000)).toEqual({ admitted: true, isProbe: false });
    });

    it('keeps targets apart', async () => {
      await fail(3, t0);
      expect((await health.check('backup/gpt-4o-mini', t0)).admitted).toBe(true);
    });
  });
}
