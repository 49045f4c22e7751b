/**
 * The circuit breaker of one target as a pure state machine over plain data, so that the same
 * state can live in memory or in Redis (redis-health-scripts.ts runs these transitions in Lua,
 * and the shared contract suite holds the two to the same behaviour).
 *
 * closed ──(N consecutive failures, or failure rate ≥ R over ≥ M requests in the window)──► open
 * open ──(open period over; the next admission)──► half_open (admits a few probes)
 * half_open ──probe success──► closed · half_open ──probe failure──► open
 */
import type { UpstreamErrorClass } from '../../core/upstream-failure.js';

export interface BreakerOptions {
  /** Consecutive failures that open the breaker. */
  consecutiveFailures: number;
  /** Failure rate (0–1) over the window that opens the breaker… */
  failureRate: number;
  /** …once the window holds at least this many requests. */
  minimumRequests: number;
  /** Length of the sliding window the failure rate is measured over. */
  windowMs: number;
  /** The window slides in this many buckets (memory and Redis bounded, whatever the traffic). */
  windowBuckets: number;
  /** How long an open breaker skips the target before letting a probe through. */
  openMs: number;
  /** Probes admitted at once while half-open. */
  halfOpenProbes: number;
  /** A probe that never reports back (its request vanished) frees its slot after this long. */
  probeTimeoutMs: number;
}

export const DEFAULT_BREAKER_OPTIONS: BreakerOptions = {
  consecutiveFailures: 5,
  failureRate: 0.5,
  minimumRequests: 20,
  windowMs: 60_000,
  windowBuckets: 10,
  openMs: 30_000,
  halfOpenProbes: 1,
  probeTimeoutMs: 60_000,
};

export type BreakerPosition = 'closed' | 'open' | 'half_open';

/** [bucket start ms, successes, failures] */
export type WindowBucket = [number, number, number];

export interface BreakerState {
  position: BreakerPosition;
  consecutiveFailures: number;
  buckets: WindowBucket[];
  /** When the open period ends (open), or ended (half_open); 0 while closed. */
  openUntilMs: number;
  /** Why the breaker last opened, for the skip message and /admin/health. */
  openReason: string;
  probesInFlight: number;
  /** In-flight probes are presumed lost after this time. */
  probeDeadlineMs: number;
}

/** How an outcome counts: a failure of the target, a success, or neither (the request's fault, a rate limit, a cancel). */
export type BreakerVerdict = 'success' | 'failure' | 'neutral';

const TARGET_FAILURES: ReadonlySet<UpstreamErrorClass> = new Set(['server_error', 'overloaded', 'timeout', 'connection', 'malformed_response', 'auth']);

export function breakerVerdict(outcome: 'ok' | UpstreamErrorClass): BreakerVerdict {
  if (outcome === 'ok') return 'success';
  return TARGET_FAILURES.has(outcome) ? 'failure' : 'neutral';
}

export function closedBreaker(): BreakerState {
  return { position: 'closed', consecutiveFailures: 0, buckets: [], openUntilMs: 0, openReason: '', probesInFlight: 0, probeDeadlineMs: 0 };
}

export type BreakerAdmission =
  | { admitted: true; isProbe: boolean; state: BreakerState }
  | { admitted: false; retryAfterMs: number; state: BreakerState };

/** Whether a request may go to the target now; half-open admission claims a probe slot. */
export function admitThroughBreaker(state: BreakerState, nowMs: number, options: BreakerOptions): BreakerAdmission {
  if (state.position === 'closed') return { admitted: true, isProbe: false, state };
  if (state.position === 'open') {
    if (nowMs < state.openUntilMs) return { admitted: false, retryAfterMs: state.openUntilMs - nowMs, state };
    state = { ...state, position: 'half_open', probesInFlight: 0, probeDeadlineMs: 0 };
  }
  let probes = state.probesInFlight;
  if (probes > 0 && nowMs >= state.probeDeadlineMs) probes = 0;
  if (probes >= options.halfOpenProbes) return { admitted: false, retryAfterMs: Math.max(1, state.probeDeadlineMs - nowMs), state };
  return { admitted: true, isProbe: true, state: { ...state, probesInFlight: probes + 1, probeDeadlineMs: nowMs + options.probeTimeoutMs } };
}

export function recordBreakerOutcome(state: BreakerState, verdict: BreakerVerdict, nowMs: number, options: BreakerOptions): BreakerState {
  if (verdict === 'neutral') {
    return state.position === 'half_open' && state.probesInFlight > 0 ? { ...state, probesInFlight: state.probesInFlight - 1 } : state;
  }
  // Answers from requests admitted before the breaker opened say nothing about recovery.
  if (state.position === 'open') return state;
  if (state.position === 'half_open') {
    if (verdict === 'success') return closedBreaker();
    return openBreaker(state, nowMs, options, `a probe failed while half-open`);
  }
  const buckets = countInWindow(state.buckets, verdict, nowMs, options);
  if (verdict === 'success') return { ...state, consecutiveFailures: 0, buckets };
  const consecutiveFailures = state.consecutiveFailures + 1;
  if (consecutiveFailures >= options.consecutiveFailures) {
    return openBreaker(state, nowMs, options, `${consecutiveFailures} consecutive failures`);
  }
  const { requests, failures } = windowTotals(buckets);
  if (requests >= options.minimumRequests && failures / requests >= options.failureRate) {
    const percent = Math.round((failures / requests) * 100);
    return openBreaker(state, nowMs, options, `failure rate ${percent}% over the last ${requests} requests`);
  }
  return { ...state, consecutiveFailures, buckets };
}

export function windowTotals(buckets: readonly WindowBucket[]): { requests: number; failures: number } {
  let requests = 0;
  let failures = 0;
  for (const [, successCount, failureCount] of buckets) {
    requests += successCount + failureCount;
    failures += failureCount;
  }
  return { requests, failures };
}

export function bucketSpanMs(options: BreakerOptions): number {
  return Math.max(1, Math.ceil(options.windowMs / options.windowBuckets));
}

function countInWindow(buckets: readonly WindowBucket[], verdict: 'success' | 'failure', nowMs: number, options: BreakerOptions): WindowBucket[] {
  const span = bucketSpanMs(options);
  const current = nowMs - (nowMs % span);
  const oldest = current - (options.windowBuckets - 1) * span;
  const kept: WindowBucket[] = buckets.filter(([start]) => start >= oldest && start <= current).map(([start, ok, failed]) => [start, ok, failed]);
  let bucket = kept.find(([start]) => start === current);
  if (!bucket) {
    bucket = [current, 0, 0];
    kept.push(bucket);
  }
  if (verdict === 'success') bucket[1] += 1;
  else bucket[2] += 1;
  return kept;
}

function openBreaker(state: BreakerState, nowMs: number, options: BreakerOptions, reason: string): BreakerState {
  return { ...state, position: 'open', consecutiveFailures: 0, buckets: [], openUntilMs: nowMs + options.openMs, openReason: reason, probesInFlight: 0, probeDeadlineMs: 0 };
}
