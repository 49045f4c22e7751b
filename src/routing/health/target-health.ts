/**
 * Whether a target may be called right now — its circuit breaker and any cooldown a provider's
 * Retry-After imposed — and the outcomes that move that state. One interface, two homes:
 * memory-target-health.ts (one instance) and redis-target-health.ts (every instance agrees).
 */
import type { UpstreamErrorClass, UpstreamFailure } from '../../core/upstream-failure.js';
import { windowTotals, type BreakerPosition, type BreakerState } from './circuit-breaker.js';

export type HealthSkipReason = 'breaker_open' | 'cooldown';

export type Admission =
  | { admitted: true; isProbe: boolean }
  | { admitted: false; reason: HealthSkipReason; failure: UpstreamFailure };

/** What happened on one attempt: `ok` or the failure's class (`cancelled` releases a probe slot). */
export type HealthOutcome = 'ok' | UpstreamErrorClass;

export interface TargetHealthSnapshot {
  ref: string;
  breaker: BreakerPosition;
  consecutiveFailures: number;
  windowRequests: number;
  windowFailures: number;
  /** Set while open or half-open: when the open period ends(ed). */
  openUntil?: string;
  openReason?: string;
  probesInFlight: number;
  /** Set while a provider's Retry-After keeps the target out. */
  cooldownUntil?: string;
  cooldownRemainingMs?: number;
}

export interface TargetHealth {
  /** Admit a call to `ref` now, or say why not (with how long to wait). Never throws. */
  check(ref: string, nowMs: number): Promise<Admission>;
  /** Feed one attempt's outcome into the breaker. Never rejects (errors go to the onError hook). */
  record(ref: string, outcome: HealthOutcome, nowMs: number): Promise<void>;
  /** Keep `ref` out of every request until `untilMs` (a provider asked us to wait). Never rejects. */
  coolDown(ref: string, untilMs: number, nowMs: number): Promise<void>;
  snapshot(nowMs: number): TargetHealthSnapshot[];
  close(): Promise<void>;
}

/** The whole health state of one target, as stored (in memory, or as JSON in Redis). */
export interface TargetHealthState {
  breaker: BreakerState;
  cooldownUntilMs: number;
}

export function cooldownSkip(ref: string, untilMs: number, nowMs: number): Admission {
  const retryAfterMs = untilMs - nowMs;
  return {
    admitted: false,
    reason: 'cooldown',
    failure: { errorClass: 'rate_limit', status: null, message: `${ref} is cooling down for ${formatSeconds(retryAfterMs)} after the provider asked us to wait`, retryAfterMs },
  };
}

export function breakerSkip(ref: string, state: BreakerState, retryAfterMs: number): Admission {
  const why = state.openReason ? ` after ${state.openReason}` : '';
  const message =
    state.position === 'half_open'
      ? `${ref} circuit breaker is half-open and its probe is still in flight`
      : `${ref} circuit breaker is open${why}; next probe in ${formatSeconds(retryAfterMs)}`;
  return { admitted: false, reason: 'breaker_open', failure: { errorClass: 'overloaded', status: null, message, retryAfterMs } };
}

export function snapshotOf(ref: string, state: TargetHealthState, nowMs: number): TargetHealthSnapshot {
  const { breaker } = state;
  const totals = windowTotals(breaker.buckets);
  const snapshot: TargetHealthSnapshot = {
    ref,
    breaker: breaker.position,
    consecutiveFailures: breaker.consecutiveFailures,
    windowRequests: totals.requests,
    windowFailures: totals.failures,
    probesInFlight: breaker.probesInFlight,
  };
  if (breaker.position !== 'closed') {
    snapshot.openUntil = new Date(breaker.openUntilMs).toISOString();
    snapshot.openReason = breaker.openReason;
  }
  if (state.cooldownUntilMs > nowMs) {
    snapshot.cooldownUntil = new Date(state.cooldownUntilMs).toISOString();
    snapshot.cooldownRemainingMs = state.cooldownUntilMs - nowMs;
  }
  return snapshot;
}

function formatSeconds(milliseconds: number): string {
  return `${(Math.max(100, milliseconds) / 1000).toFixed(milliseconds < 10_000 ? 1 : 0)} s`;
}
