import { describe, expect, it } from 'vitest';
import type { UpstreamFailure } from '../core/upstream-failure.js';
import type { AttemptLog, SkipReason } from './attempt-log.js';
import { finalFailureError } from './final-failure.js';
import { fakeTarget } from './test-fixtures/fake-targets.js';

let counter = 0;

function tried(ref: string, failure: UpstreamFailure, outcome: AttemptLog['outcome'] = failure.errorClass === 'timeout' ? 'timeout' : 'error'): AttemptLog {
  return { target: fakeTarget(ref), attempt: (counter += 1), startedAtMs: 0, latencyMs: 10, outcome, failure };
}

function skipped(ref: string, skipReason: SkipReason, retryAfterMs?: number): AttemptLog {
  const failure: UpstreamFailure = {
    errorClass: skipReason === 'cooldown' ? 'rate_limit' : 'overloaded',
    status: null,
    message: `${ref} passed over (${skipReason})`,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  };
  return { target: fakeTarget(ref), attempt: (counter += 1), startedAtMs: 0, latencyMs: 0, outcome: 'skipped', failure, skipReason };
}

const rateLimit = (retryAfterMs?: number): UpstreamFailure => ({ errorClass: 'rate_limit', status: 429, message: 'slow down', ...(retryAfterMs === undefined ? {} : { retryAfterMs }) });
const serverError: UpstreamFailure = { errorClass: 'server_error', status: 500, message: 'boom' };
const timeout: UpstreamFailure = { errorClass: 'timeout', status: null, message: 'no first token within 300 ms' };

describe('finalFailureError', () => {
  it.each([
    ['everything rate limited now', [tried('a/x', rateLimit(30_000)), tried('b/y', rateLimit(7_000))], 429, 'upstream_rate_limited', '7'],
    ['rate limited and cooling down', [skipped('a/x', 'cooldown', 12_000), tried('b/y', rateLimit(20_000))], 429, 'upstream_rate_limited', '12'],
    ['everything cooling down', [skipped('a/x', 'cooldown', 4_500), skipped('b/y', 'cooldown', 60_000)], 429, 'upstream_rate_limited', '5'],
    ['every breaker open', [skipped('a/x', 'breaker_open', 9_000), skipped('b/y', 'breaker_open', 3_000)], 503, 'no_healthy_target', '3'],
    ['cooldown and open breaker', [skipped('a/x', 'cooldown', 9_000), skipped('b/y', 'breaker_open', 3_000)], 503, 'no_healthy_target', '3'],
    ['concurrency limits only', [skipped('a/x', 'concurrency_limit')], 503, 'no_healthy_target', null],
    ['rate limited, the rest unhealthy', [tried('a/x', rateLimit(2_000)), skipped('b/y', 'breaker_open', 8_000)], 503, 'no_healthy_target', '2'],
    ['no candidates at all', [], 503, 'no_healthy_target', null],
    ['every call timed out, one skipped', [tried('a/x', timeout), skipped('b/y', 'breaker_open', 1_000), tried('c/z', timeout)], 504, 'upstream_timeout', null],
    ['mixed failures', [tried('a/x', serverError), tried('b/y', rateLimit())], 502, 'upstream_failed', null],
  ] as const)('%s → %i %s', (_name, attempts, status, code, retryAfter) => {
    const error = finalFailureError(attempts, 'smart');
    expect(error.status).toBe(status);
    expect(error.code).toBe(code);
    expect(error.headers['retry-after']).toBe(retryAfter ?? undefined);
  });

  it('ignores abandoned attempts when judging the rest', () => {
    const abandoned = tried('a/x', { errorClass: 'cancelled', status: null, message: 'abandoned' }, 'cancelled');
    expect(finalFailureError([abandoned, tried('b/y', timeout)], 'smart').status).toBe(504);
  });

  it('a request fault anywhere among the tried wins, even when a hedge ran after it', () => {
    const fault = tried('a/x', { errorClass: 'context_length', status: 400, message: 'too long' });
    const abandoned = tried('b/y', { errorClass: 'cancelled', status: null, message: 'abandoned' }, 'cancelled');
    const error = finalFailureError([fault, abandoned], 'smart');
    expect([error.status, error.code]).toEqual([400, 'context_length_exceeded']);
  });

  it('lists skipped targets with why they were passed over', () => {
    const error = finalFailureError([skipped('a/x', 'breaker_open', 1_000), tried('b/y', serverError)], 'smart');
    expect(error.message).toBe('every target failed: a/x: skipped (a/x passed over (breaker_open)); b/y: 500 server_error (boom)');
  });
});
