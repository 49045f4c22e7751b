import { describe, expect, it } from 'vitest';
import {
  admitThroughBreaker,
  breakerVerdict,
  closedBreaker,
  DEFAULT_BREAKER_OPTIONS,
  recordBreakerOutcome,
  windowTotals,
  type BreakerOptions,
  type BreakerState,
  type BreakerVerdict,
} from './circuit-breaker.js';

const OPTIONS: BreakerOptions = { ...DEFAULT_BREAKER_OPTIONS, consecutiveFailures: 3, failureRate: 0.5, minimumRequests: 10, windowMs: 10_000, windowBuckets: 10, openMs: 5_000, halfOpenProbes: 1, probeTimeoutMs: 20_000 };
const T0 = 1_700_000_000_000;

function feed(state: BreakerState, verdicts: BreakerVerdict[], atMs: number): BreakerState {
  return verdicts.reduce((current, verdict) => recordBreakerOutcome(current, verdict, atMs, OPTIONS), state);
}

describe('breakerVerdict', () => {
  it.each([
    ['ok', 'success'],
    ['server_error', 'failure'],
    ['overloaded', 'failure'],
    ['timeout', 'failure'],
    ['connection', 'failure'],
    ['malformed_response', 'failure'],
    ['auth', 'failure'],
    ['rate_limit', 'neutral'],
    ['quota_exceeded', 'neutral'],
    ['invalid_request', 'neutral'],
    ['context_length', 'neutral'],
    ['content_filter', 'neutral'],
    ['not_found', 'neutral'],
    ['cancelled', 'neutral'],
  ] as const)('%s counts as %s', (outcome, verdict) => {
    expect(breakerVerdict(outcome)).toBe(verdict);
  });
});

describe('circuit breaker transitions', () => {
  it('opens on the Nth consecutive failure and stays open for the open period', () => {
    const twoFailures = feed(closedBreaker(), ['failure', 'failure'], T0);
    expect(twoFailures.position).toBe('closed');
    expect(twoFailures.consecutiveFailures).toBe(2);
    const open = recordBreakerOutcome(twoFailures, 'failure', T0 + 10, OPTIONS);
    expect(open).toMatchObject({ position: 'open', openUntilMs: T0 + 10 + 5_000, openReason: '3 consecutive failures' });
    expect(admitThroughBreaker(open, T0 + 4_000, OPTIONS)).toMatchObject({ admitted: false, retryAfterMs: 1_010 });
  });

  it('a success resets the consecutive count', () => {
    const state = feed(closedBreaker(), ['failure', 'failure', 'success', 'failure', 'failure'], T0);
    expect(state.position).toBe('closed');
    expect(state.consecutiveFailures).toBe(2);
  });

  it('neutral outcomes neither count nor reset', () => {
    const state = feed(closedBreaker(), ['failure', 'neutral', 'neutral', 'failure'], T0);
    expect(state.consecutiveFailures).toBe(2);
    expect(windowTotals(state.buckets)).toEqual({ requests: 2, failures: 2 });
  });

  it('opens on the failure rate once the window holds the minimum number of requests', () => {
    const alternating: BreakerVerdict[] = ['success', 'failure', 'success', 'failure', 'success', 'failure', 'success', 'failure', 'success'];
    const nine = feed(closedBreaker(), alternating, T0);
    expect(nine.position).toBe('closed');
    const tenth = recordBreakerOutcome(nine, 'failure', T0, OPTIONS);
    expect(tenth.position).toBe('open');
    expect(tenth.openReason).toBe('failure rate 50% over the last 10 requests');
  });

  it('forgets outcomes older than the window', () => {
    const old = feed(closedBreaker(), ['success', 'failure', 'success', 'failure', 'success', 'failure', 'success', 'failure', 'success'], T0);
    // 11 s later the nine old outcomes have slid out: one failure among one request is under the minimum.
    const later = recordBreakerOutcome(old, 'failure', T0 + 11_000, OPTIONS);
    expect(later.position).toBe('closed');
    expect(windowTotals(later.buckets)).toEqual({ requests: 1, failures: 1 });
    expect(later.buckets.length).toBe(1);
  });

  it('keeps at most windowBuckets buckets whatever the traffic', () => {
    let state = closedBreaker();
    for (let second = 0; second < 100; second += 1) state = recordBreakerOutcome(state, 'success', T0 + second * 1_000, OPTIONS);
    expect(state.buckets.length).toBeLessThanOrEqual(OPTIONS.windowBuckets);
  });

  it('half-opens after the open period, admits one probe at a time, and closes on its success', () => {
    const open = feed(closedBreaker(), ['failure', 'failure', 'failure'], T0);
    const probe = admitThroughBreaker(open, T0 + 5_000, OPTIONS);
    expect(probe).toMatchObject({ admitted: true, isProbe: true });
    expect(probe.state.position).toBe('half_open');
    const second = admitThroughBreaker(probe.state, T0 + 5_001, OPTIONS);
    expect(second.admitted).toBe(false);
    const closed = recordBreakerOutcome(probe.state, 'success', T0 + 5_200, OPTIONS);
    expect(closed).toEqual(closedBreaker());
  });

  it('a failed probe re-opens for a full open period', () => {
    const open = feed(closedBreaker(), ['failure', 'failure', 'failure'], T0);
    const probe = admitThroughBreaker(open, T0 + 6_000, OPTIONS);
    const reopened = recordBreakerOutcome(probe.state, 'failure', T0 + 6_500, OPTIONS);
    expect(reopened).toMatchObject({ position: 'open', openUntilMs: T0 + 11_500, openReason: 'a probe failed while half-open' });
  });

  it('a neutral probe outcome frees the slot for another probe', () => {
    const open = feed(closedBreaker(), ['failure', 'failure', 'failure'], T0);
    const probe = admitThroughBreaker(open, T0 + 5_000, OPTIONS);
    const freed = recordBreakerOutcome(probe.state, 'neutral', T0 + 5_100, OPTIONS);
    expect(freed.probesInFlight).toBe(0);
    expect(admitThroughBreaker(freed, T0 + 5_101, OPTIONS).admitted).toBe(true);
  });

  it('a probe that never reports back frees its slot after the probe timeout', () => {
    const open = feed(closedBreaker(), ['failure', 'failure', 'failure'], T0);
    const probe = admitThroughBreaker(open, T0 + 5_000, OPTIONS);
    expect(admitThroughBreaker(probe.state, T0 + 24_999, OPTIONS).admitted).toBe(false);
    expect(admitThroughBreaker(probe.state, T0 + 25_000, OPTIONS)).toMatchObject({ admitted: true, isProbe: true });
  });

  it('ignores outcomes of requests that were in flight when it opened', () => {
    const open = feed(closedBreaker(), ['failure', 'failure', 'failure'], T0);
    expect(recordBreakerOutcome(open, 'success', T0 + 100, OPTIONS)).toBe(open);
    expect(recordBreakerOutcome(open, 'failure', T0 + 100, OPTIONS)).toBe(open);
  });
});
