/** The contract both rate limiters pass: sliding-minute RPM and TPM, Retry-After, all-or-nothing admission, token correction. */
import { expect, it } from 'vitest';
import type { RateLimiter, RateLimitRequest, RateLimitRule } from './rate-limiter.js';

let sequence = 0;

function request(rules: RateLimitRule[], now: number, estimatedTokens = 0): RateLimitRequest {
  sequence += 1;
  return { requestId: `rate-${process.pid}-${sequence}-${Math.random().toString(36).slice(2)}`, rules, estimatedTokens, now };
}

export function rateLimiterContract(makeLimiter: () => Promise<RateLimiter>): void {
  const start = Date.parse('2026-06-15T12:00:00.500Z');

  it('admits rpm requests per sliding minute and says when the next one fits', async () => {
    const limiter = await makeLimiter();
    const rules: RateLimitRule[] = [{ scope: 'key', name: 'key_rpm', rpm: 5 }];
    for (let index = 0; index < 3; index += 1) expect((await limiter.admit(request(rules, start))).status).toBe('ok');
    for (let index = 0; index < 2; index += 1) expect((await limiter.admit(request(rules, start + 10_000))).status).toBe('ok');
    const limited = await limiter.admit(request(rules, start + 30_000));
    expect(limited.status).toBe('limited');
    if (limited.status !== 'limited') return;
    // The three from 12:00:00 leave at 12:01:00: 29.5 s from 12:00:30.5, rounded up.
    expect(limited.retryAfterSeconds).toBe(30);
    expect(limited.error.status).toBe(429);
    expect(limited.error.headers['retry-after']).toBe('30');
    expect(limited.error.message).toContain('virtual key key_rpm');
    expect((await limiter.admit(request(rules, start + 59_499))).status).toBe('limited');
    expect((await limiter.admit(request(rules, start + 59_500))).status).toBe('ok');
    await limiter.close();
  });

  it('counts tokens from the estimate and corrects them once when the request settles', async () => {
    const limiter = await makeLimiter();
    const rules: RateLimitRule[] = [{ scope: 'team', name: 'growth-tpm', tpm: 1000 }];
    const first = await limiter.admit(request(rules, start, 400));
    expect((await limiter.admit(request(rules, start, 400))).status).toBe('ok');
    expect((await limiter.admit(request(rules, start, 400))).status).toBe('limited');
    if (first.status !== 'ok') throw new Error('expected the first request in');
    await first.ticket.settle(100);
    await first.ticket.settle(100);
    expect((await limiter.admit(request(rules, start, 400))).status).toBe('ok');
    expect((await limiter.admit(request(rules, start, 101))).status).toBe('limited');
    expect((await limiter.admit(request(rules, start, 100))).status).toBe('ok');
    await limiter.close();
  });

  it('refuses for good a request larger than the whole tokens-per-minute limit', async () => {
    const limiter = await makeLimiter();
    const limited = await limiter.admit(request([{ scope: 'route', name: 'small-route', tpm: 500 }], start, 501));
    expect(limited.status === 'limited' && [limited.retryAfterSeconds, limited.error.isRetryable]).toEqual([null, false]);
    await limiter.close();
  });

  it('admits under all rules or none: a full team does not use up the key', async () => {
    const limiter = await makeLimiter();
    const key: RateLimitRule = { scope: 'key', name: 'key_shared', rpm: 2 };
    const team: RateLimitRule = { scope: 'team', name: 'team_full', rpm: 1 };
    expect((await limiter.admit(request([key, team], start))).status).toBe('ok');
    const refused = await limiter.admit(request([key, team], start));
    expect(refused.status === 'limited' && refused.rule.scope).toBe('team');
    expect((await limiter.admit(request([key], start))).status).toBe('ok');
    expect((await limiter.admit(request([key], start))).status).toBe('limited');
    await limiter.close();
  });

  it('admits exactly the limit out of a concurrent burst', async () => {
    const limiter = await makeLimiter();
    const rules: RateLimitRule[] = [{ scope: 'route', name: 'burst-route', rpm: 10 }];
    const decisions = await Promise.all(Array.from({ length: 50 }, () => limiter.admit(request(rules, start))));
    expect(decisions.filter((decision) => decision.status === 'ok')).toHaveLength(10);
    await limiter.close();
  });
}
