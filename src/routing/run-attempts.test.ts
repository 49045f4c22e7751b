import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { finalFailureError } from './final-failure.js';
import type { RoutePlan } from './route-plan.js';
import { createMemoryRoutingRuntime, type RoutingRuntime } from './routing-runtime.js';
import { runAttempts, type RunOptions } from './run-attempts.js';
import type { Target } from './target.js';
import { fakeTarget } from './test-fixtures/fake-targets.js';
import { INVALID_REQUEST, rateLimited, scriptedUpstream, SERVER_ERROR, TIMEOUT, type ScriptedAnswer } from './test-fixtures/scripted-upstream.js';

const T0 = Date.UTC(2026, 0, 1);

function planOf(targets: Target[], extra: Partial<RoutePlan> = {}): RoutePlan {
  return { requested: 'smart', route: 'smart', candidates: targets, timeouts: {}, retries: 0, ...extra };
}

const primary = fakeTarget('openai/gpt-4o');
const backup = fakeTarget('backup/gpt-4o-mini');
const third = fakeTarget('gemini/gemini-2.5-flash');

function options(extra: Partial<RunOptions<string>> = {}): RunOptions<string> {
  return { signal: new AbortController().signal, now: () => Date.now(), random: () => 0.5, ...extra };
}

function summary(attempts: readonly { target: Target; outcome: string; skipReason?: string; hedged?: boolean }[]): string[] {
  return attempts.map((log) => `${log.target.ref} ${log.outcome}${log.skipReason ? `:${log.skipReason}` : ''}${log.hedged ? ' (hedge)' : ''}`);
}

beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('fallback', () => {
  it('moves on when a target fails with a fallback class, and logs every attempt', async () => {
    const upstream = scriptedUpstream({ 'openai/gpt-4o': [{ afterMs: 30, answer: SERVER_ERROR }], 'backup/gpt-4o-mini': [{ afterMs: 50, answer: 'ok' }] });
    const running = runAttempts(planOf([primary, backup]), upstream.attempt, options());
    await vi.runAllTimersAsync();
    const outcome = await running;
    expect(outcome).toMatchObject({ ok: true, value: 'ok:backup/gpt-4o-mini', target: backup });
    expect(summary(outcome.attempts)).toEqual(['openai/gpt-4o error', 'backup/gpt-4o-mini ok']);
    expect(outcome.attempts.map((log) => [log.attempt, log.startedAtMs - T0, log.latencyMs])).toEqual([
      [1, 0, 30],
      [2, 30, 50],
    ]);
  });

  it('stops at a failure no other target could fix', async () => {
    const upstream = scriptedUpstream({ 'openai/gpt-4o': [{ afterMs: 5, answer: INVALID_REQUEST }] });
    const running = runAttempts(planOf([primary, backup]), upstream.attempt, options());
    await vi.runAllTimersAsync();
    const outcome = await running;
    expect(outcome.ok).toBe(false);
    expect(upstream.calls.map((call) => call.ref)).toEqual(['openai/gpt-4o']);
  });

  it('honours a route’s own fallbackOn classes', async () => {
    const upstream = scriptedUpstream({ 'openai/gpt-4o': [{ afterMs: 5, answer: SERVER_ERROR }] });
    const running = runAttempts(planOf([primary, backup], { fallbackOn: ['rate_limit'] }), upstream.attempt, options());
    await vi.runAllTimersAsync();
    expect((await running).ok).toBe(false);
    expect(upstream.calls).toHaveLength(1);
  });

  it('rethrows what an attempt throws (a request no target can take), freeing the slot', async () => {
    const runtime = createMemoryRoutingRuntime();
    const refusing = (): Promise<never> => {
      throw new Error('no embeddings here');
    };
    await expect(runAttempts(planOf([fakeTarget('openai/gpt-4o', { maxConcurrent: 1 }), backup]), refusing, options({ runtime }))).rejects.toThrow('no embeddings here');
    expect(runtime.limiter.snapshot()).toEqual([{ key: 'openai', limit: 1, active: 0, queued: 0 }]);
  });
});

describe('retries with backoff within the deadline', () => {
  it('retries a target with exponential backoff and full jitter before moving on', async () => {
    const upstream = scriptedUpstream({ 'openai/gpt-4o': [{ afterMs: 10, answer: SERVER_ERROR }, { afterMs: 10, answer: SERVER_ERROR }, { afterMs: 10, answer: 'ok' }] });
    const running = runAttempts(planOf([primary, backup], { retries: 2 }), upstream.attempt, options({ retryBaseMs: 200, random: () => 0.5 }));
    await vi.runAllTimersAsync();
    const outcome = await running;
    expect(outcome.ok && outcome.target).toBe(primary);
    // Delays are random() × base × 2^retry: 100 ms, then 200 ms.
    expect(upstream.calls.map((call) => call.startedAtMs - T0)).toEqual([0, 110, 320]);
  });

  it('does not retry when the backoff would overrun the request deadline, and falls back instead', async () => {
    const upstream = scriptedUpstream({ 'openai/gpt-4o': [{ afterMs: 10, answer: SERVER_ERROR }], 'backup/gpt-4o-mini': [{ afterMs: 10, answer: 'ok' }] });
    const plan = planOf([primary, backup], { retries: 3, timeouts: { totalMs: 150 } });
    const running = runAttempts(plan, upstream.attempt, options({ retryBaseMs: 400, random: () => 0.9 }));
    await vi.runAllTimersAsync();
    const outcome = await running;
    expect(outcome.ok && outcome.target).toBe(backup);
    expect(upstream.calls.map((call) => `${call.ref}@${call.startedAtMs - T0}`)).toEqual(['openai/gpt-4o@0', 'backup/gpt-4o-mini@10']);
  });

  it('caps the backoff at retryMaxMs', async () => {
    const upstream = scriptedUpstream({ 'openai/gpt-4o': [{ afterMs: 0, answer: SERVER_ERROR }, { afterMs: 0, answer: SERVER_ERROR }, { afterMs: 0, answer: SERVER_ERROR }, { afterMs: 0, answer: 'ok' }] });
    const running = runAttempts(planOf([primary], { retries: 3 }), upstream.attempt, options({ retryBaseMs: 1_000, retryMaxMs: 1_500, random: () => 1 }));
    await vi.runAllTimersAsync();
    await running;
    expect(upstream.calls.map((call) => call.startedAtMs - T0)).toEqual([0, 1_000, 2_500, 4_000]);
  });

  it('the request deadline abandons a slow attempt as a timeout', async () => {
    const upstream = scriptedUpstream({ 'openai/gpt-4o': [{ afterMs: 0, answer: 'hang' }] });
    const running = runAttempts(planOf([primary, backup], { timeouts: { totalMs: 500 } }), upstream.attempt, options());
    await vi.advanceTimersByTimeAsync(500);
    const outcome = await running;
    expect(outcome.ok).toBe(false);
    expect(upstream.calls[0]?.signal.aborted).toBe(true);
    expect(outcome.attempts).toEqual([expect.objectContaining({ outcome: 'timeout', latencyMs: 500, failure: expect.objectContaining({ message: "the request's total deadline of 500 ms passed" }) })]);
    expect(finalFailureError(outcome.attempts, 'smart').status).toBe(504);
  });

  it('stops when the client goes, aborting the attempt in flight', async () => {
    const client = new AbortController();
    const upstream = scriptedUpstream({ 'openai/gpt-4o': [{ afterMs: 0, answer: 'hang' }] });
    const running = runAttempts(planOf([primary, backup]), upstream.attempt, options({ signal: client.signal }));
    await vi.advanceTimersByTimeAsync(100);
    client.abort();
    const outcome = await running;
    expect(outcome.ok).toBe(false);
    expect(summary(outcome.attempts)).toEqual(['openai/gpt-4o cancelled']);
    expect(upstream.calls.map((call) => call.ref)).toEqual(['openai/gpt-4o']);
  });
});

describe('cooldowns and breakers through the routing runtime', () => {
  let runtime: RoutingRuntime;

  beforeEach(() => {
    runtime = createMemoryRoutingRuntime({ breaker: { consecutiveFailures: 2, openMs: 10_000 }, rateLimitCooldownMs: 1_000 });
  });

  async function run(plan: RoutePlan, scripts: Record<string, ScriptedAnswer[]>): Promise<{ outcome: Awaited<ReturnType<typeof runAttempts<string>>>; calls: string[] }> {
    const upstream = scriptedUpstream(scripts);
    const running = runAttempts(plan, upstream.attempt, options({ runtime }));
    await vi.runAllTimersAsync();
    return { outcome: await running, calls: upstream.calls.map((call) => call.ref) };
  }

  it('a Retry-After puts the target in cooldown: later requests skip it without a call', async () => {
    const first = await run(planOf([primary, backup]), { 'openai/gpt-4o': [{ afterMs: 5, answer: rateLimited(30_000) }] });
    expect(summary(first.outcome.attempts)).toEqual(['openai/gpt-4o error', 'backup/gpt-4o-mini ok']);
    const second = await run(planOf([primary, backup]), {});
    expect(second.calls).toEqual(['backup/gpt-4o-mini']);
    expect(summary(second.outcome.attempts)).toEqual(['openai/gpt-4o skipped:cooldown', 'backup/gpt-4o-mini ok']);
    expect(second.outcome.attempts[0]?.failure).toMatchObject({ errorClass: 'rate_limit', retryAfterMs: 30_000 });
  });

  it('a rate limit without Retry-After cools the target down for the default', async () => {
    await run(planOf([primary, backup]), { 'openai/gpt-4o': [{ afterMs: 0, answer: rateLimited() }] });
    expect(runtime.snapshot(Date.now()).targets.find((target) => target.ref === 'openai/gpt-4o')?.health?.cooldownRemainingMs).toBe(1_000);
  });

  it('a server error with Retry-After cools down instead of being retried on the spot', async () => {
    const failure = { ...SERVER_ERROR, errorClass: 'overloaded' as const, status: 503, retryAfterMs: 2_000 };
    const result = await run(planOf([primary, backup], { retries: 3 }), { 'openai/gpt-4o': [{ afterMs: 0, answer: failure }] });
    expect(result.calls).toEqual(['openai/gpt-4o', 'backup/gpt-4o-mini']);
  });

  it('everything cooling down: 429 with the soonest Retry-After, and no upstream call', async () => {
    await runtime.health.coolDown(primary.ref, Date.now() + 30_000, Date.now());
    await runtime.health.coolDown(backup.ref, Date.now() + 7_000, Date.now());
    const result = await run(planOf([primary, backup]), {});
    expect(result.calls).toEqual([]);
    expect(result.outcome.ok).toBe(false);
    const error = finalFailureError(result.outcome.attempts, 'smart');
    expect(error.status).toBe(429);
    expect(error.code).toBe('upstream_rate_limited');
    expect(error.headers['retry-after']).toBe('7');
  });

  it('an open breaker skips its target; all open → 503 no_healthy_target; after the open period a probe goes through', async () => {
    await run(planOf([primary]), { 'openai/gpt-4o': [{ afterMs: 0, answer: SERVER_ERROR }] });
    await run(planOf([primary]), { 'openai/gpt-4o': [{ afterMs: 0, answer: SERVER_ERROR }] });
    const skipped = await run(planOf([primary]), {});
    expect(skipped.calls).toEqual([]);
    expect(summary(skipped.outcome.attempts)).toEqual(['openai/gpt-4o skipped:breaker_open']);
    const error = finalFailureError(skipped.outcome.attempts, 'smart');
    expect([error.status, error.code]).toEqual([503, 'no_healthy_target']);
    expect(error.message).toMatch(/circuit breaker is open after 2 consecutive failures/);
    expect(error.headers['retry-after']).toBe('10');
    vi.setSystemTime(Date.now() + 10_000);
    const probe = await run(planOf([primary]), { 'openai/gpt-4o': [{ afterMs: 0, answer: 'ok' }] });
    expect(probe.outcome.ok).toBe(true);
    expect(runtime.snapshot(Date.now()).targets[0]?.health?.breaker).toBe('closed');
  });

  it('the request’s own faults never open a breaker', async () => {
    for (let index = 0; index < 5; index += 1) await run(planOf([primary]), { 'openai/gpt-4o': [{ afterMs: 0, answer: INVALID_REQUEST }] });
    expect((await runtime.health.check(primary.ref, Date.now())).admitted).toBe(true);
  });

  it('records latency: time to first token for streams, total when the answer is finished', async () => {
    const upstream = scriptedUpstream({ 'openai/gpt-4o': [{ afterMs: 120, answer: 'ok' }] });
    const running = runAttempts(planOf([primary]), upstream.attempt, options({ runtime, isStreaming: true }));
    await vi.runAllTimersAsync();
    const outcome = await running;
    expect(runtime.latency.statsOf(primary.ref)).toMatchObject({ firstTokenMs: 120, firstTokenSamples: 1, totalSamples: 0 });
    await vi.advanceTimersByTimeAsync(880);
    if (outcome.ok) {
      outcome.finish();
      outcome.finish();
    }
    expect(runtime.latency.statsOf(primary.ref)).toMatchObject({ totalMs: 1_000, totalSamples: 1 });
  });
});

describe('per-provider concurrency', () => {
  it('a request that cannot get a slot within the wait goes to the next target; the slot frees on finish', async () => {
    const runtime = createMemoryRoutingRuntime({ concurrencyMaxWaitMs: 250 });
    const limited = fakeTarget('openai/gpt-4o', { maxConcurrent: 1 });
    const upstream = scriptedUpstream({ 'openai/gpt-4o': [{ afterMs: 10, answer: 'ok' }] });
    const holding = runAttempts(planOf([limited]), upstream.attempt, options({ runtime, isStreaming: true }));
    await vi.advanceTimersByTimeAsync(10);
    const held = await holding;
    expect(runtime.limiter.snapshot()).toEqual([{ key: 'openai', limit: 1, active: 1, queued: 0 }]);

    const second = runAttempts(planOf([limited, backup]), upstream.attempt, options({ runtime }));
    await vi.advanceTimersByTimeAsync(249);
    expect(runtime.limiter.snapshot().find((entry) => entry.key === 'openai')).toMatchObject({ active: 1, queued: 1 });
    await vi.advanceTimersByTimeAsync(20);
    const outcome = await second;
    expect(outcome.ok && outcome.target).toBe(backup);
    expect(summary(outcome.attempts)).toEqual(['openai/gpt-4o skipped:concurrency_limit', 'backup/gpt-4o-mini ok']);
    expect(outcome.attempts[0]?.failure?.message).toMatch(/openai is at its concurrency limit \(maxConcurrent 1/);

    if (held.ok) held.finish();
    expect(runtime.limiter.snapshot().find((entry) => entry.key === 'openai')).toMatchObject({ active: 0, queued: 0 });
  });

  it('only concurrency limits left: 503', async () => {
    const runtime = createMemoryRoutingRuntime({ concurrencyMaxWaitMs: 0 });
    const limited = fakeTarget('openai/gpt-4o', { maxConcurrent: 1 });
    await runtime.limiter.acquire('openai', 1);
    const running = runAttempts(planOf([limited]), scriptedUpstream({}).attempt, options({ runtime }));
    await vi.runAllTimersAsync();
    const outcome = await running;
    expect(finalFailureError(outcome.attempts, 'smart').status).toBe(503);
  });
});

describe('hedging', () => {
  it('starts the next target after the delay, takes the first answer, aborts the loser, and logs both', async () => {
    const runtime = createMemoryRoutingRuntime();
    const upstream = scriptedUpstream({ 'openai/gpt-4o': [{ afterMs: 1_000, answer: 'ok' }], 'backup/gpt-4o-mini': [{ afterMs: 100, answer: 'ok' }] });
    const running = runAttempts(planOf([primary, backup, third]), upstream.attempt, options({ runtime, hedgeAfterMs: 200 }));
    await vi.advanceTimersByTimeAsync(300);
    const outcome = await running;
    expect(outcome.ok && outcome.value).toBe('ok:backup/gpt-4o-mini');
    expect(upstream.calls.map((call) => `${call.ref}@${call.startedAtMs - T0}`)).toEqual(['openai/gpt-4o@0', 'backup/gpt-4o-mini@200']);
    expect(upstream.calls[0]).toMatchObject({ ending: 'aborted', endedAtMs: T0 + 300 });
    expect(summary(outcome.attempts)).toEqual(['openai/gpt-4o cancelled', 'backup/gpt-4o-mini ok (hedge)']);
    expect(outcome.attempts[0]).toMatchObject({ attempt: 1, latencyMs: 300, failure: { errorClass: 'cancelled', message: 'abandoned: backup/gpt-4o-mini answered first (hedged request)' } });
    // The loser counts for nothing in its breaker.
    expect(runtime.snapshot(Date.now()).targets.find((target) => target.ref === primary.ref)?.health?.windowRequests ?? 0).toBe(0);
    expect(runtime.snapshot(Date.now()).targets.find((target) => target.ref === backup.ref)?.health?.windowRequests).toBe(1);
  });

  it('the hedge delay is taken from the plan when the options do not set it', async () => {
    const upstream = scriptedUpstream({ 'openai/gpt-4o': [{ afterMs: 500, answer: 'ok' }], 'backup/gpt-4o-mini': [{ afterMs: 500, answer: 'ok' }] });
    const running = runAttempts(planOf([primary, backup], { hedgeAfterMs: 50 }), upstream.attempt, options());
    await vi.runAllTimersAsync();
    const outcome = await running;
    expect(outcome.ok && outcome.target).toBe(primary);
    expect(upstream.calls.map((call) => `${call.ref}@${call.startedAtMs - T0}`)).toEqual(['openai/gpt-4o@0', 'backup/gpt-4o-mini@50']);
    expect(upstream.calls[1]?.ending).toBe('aborted');
  });

  it('no hedge when the first answers within the delay', async () => {
    const upstream = scriptedUpstream({ 'openai/gpt-4o': [{ afterMs: 150, answer: 'ok' }] });
    const running = runAttempts(planOf([primary, backup]), upstream.attempt, options({ hedgeAfterMs: 200 }));
    await vi.runAllTimersAsync();
    const outcome = await running;
    expect(upstream.calls).toHaveLength(1);
    expect(summary(outcome.attempts)).toEqual(['openai/gpt-4o ok']);
  });

  it('an answer that lands after the winner is discarded', async () => {
    const discarded: string[] = [];
    let releaseLoser: (() => void) | undefined;
    const attempt = (target: Target): Promise<{ ok: true; value: string }> =>
      target.ref === primary.ref
        ? new Promise((resolve) => {
            // Ignores its abort signal, like an upstream that was already answering.
            releaseLoser = () => resolve({ ok: true, value: 'late' });
          })
        : new Promise((resolve) => setTimeout(() => resolve({ ok: true, value: 'hedge' }), 10));
    const runtime = createMemoryRoutingRuntime();
    const running = runAttempts(planOf([fakeTarget('openai/gpt-4o', { maxConcurrent: 5 }), backup]), attempt, options({ runtime, hedgeAfterMs: 100, discard: (value) => discarded.push(value) }));
    await vi.advanceTimersByTimeAsync(110);
    const outcome = await running;
    expect(outcome.ok && outcome.value).toBe('hedge');
    expect(runtime.limiter.snapshot().find((entry) => entry.key === 'openai')?.active).toBe(1);
    releaseLoser?.();
    await vi.advanceTimersByTimeAsync(0);
    expect(discarded).toEqual(['late']);
    // The loser's slot is freed once its call has really ended.
    expect(runtime.limiter.snapshot().find((entry) => entry.key === 'openai')?.active).toBe(0);
  });

  it('a skipped hedge candidate is passed over at once for the next one', async () => {
    const runtime = createMemoryRoutingRuntime();
    await runtime.health.coolDown(backup.ref, Date.now() + 60_000, Date.now());
    const upstream = scriptedUpstream({ 'openai/gpt-4o': [{ afterMs: 1_000, answer: 'ok' }], 'gemini/gemini-2.5-flash': [{ afterMs: 10, answer: 'ok' }] });
    const running = runAttempts(planOf([primary, backup, third]), upstream.attempt, options({ runtime, hedgeAfterMs: 100 }));
    await vi.advanceTimersByTimeAsync(110);
    const outcome = await running;
    expect(outcome.ok && outcome.target).toBe(third);
    expect(summary(outcome.attempts)).toEqual(['openai/gpt-4o cancelled', 'backup/gpt-4o-mini skipped:cooldown (hedge)', 'gemini/gemini-2.5-flash ok (hedge)']);
  });

  it('when the first fails before the delay, plain fallback follows', async () => {
    const upstream = scriptedUpstream({ 'openai/gpt-4o': [{ afterMs: 20, answer: TIMEOUT }], 'backup/gpt-4o-mini': [{ afterMs: 20, answer: 'ok' }] });
    const running = runAttempts(planOf([primary, backup]), upstream.attempt, options({ hedgeAfterMs: 200 }));
    await vi.runAllTimersAsync();
    const outcome = await running;
    expect(summary(outcome.attempts)).toEqual(['openai/gpt-4o timeout', 'backup/gpt-4o-mini ok']);
  });

  it('a failure no target can fix stops the hedge too', async () => {
    const upstream = scriptedUpstream({ 'openai/gpt-4o': [{ afterMs: 0, answer: 'hang' }], 'backup/gpt-4o-mini': [{ afterMs: 10, answer: INVALID_REQUEST }] });
    const running = runAttempts(planOf([primary, backup, third]), upstream.attempt, options({ hedgeAfterMs: 100 }));
    await vi.advanceTimersByTimeAsync(110);
    const outcome = await running;
    expect(outcome.ok).toBe(false);
    expect(upstream.calls[0]?.ending).toBe('aborted');
    expect(summary(outcome.attempts)).toEqual(['openai/gpt-4o cancelled', 'backup/gpt-4o-mini error (hedge)']);
    expect(finalFailureError(outcome.attempts, 'smart').code).toBe('upstream_rejected_request');
  });
});
