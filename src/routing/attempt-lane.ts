/**
 * Everything that happens at one target for one request: admission (breaker, cooldown,
 * concurrency slot), the call, retries with backoff within the deadline, and feeding each outcome
 * back into health, cooldowns and latency. run-attempts.ts runs lanes one after another
 * (fallback) or side by side (hedging).
 */
import type { UpstreamErrorClass, UpstreamFailure } from '../core/upstream-failure.js';
import type { AttemptLog, SkipReason } from './attempt-log.js';
import { backoffMs, sleep } from './backoff.js';
import type { ConcurrencyLease } from './concurrency-limiter.js';
import type { RoutingRuntime } from './routing-runtime.js';
import type { Target } from './target.js';

export type AttemptResult<T> = { ok: true; value: T } | { ok: false; failure: UpstreamFailure };

/** Why the run stopped a lane that was still going (the lane's AbortSignal reason). */
export type LaneStop =
  | { kind: 'hedge_lost'; winnerRef: string }
  | { kind: 'deadline'; budgetMs: number }
  | { kind: 'client_closed' }
  | { kind: 'run_stopped'; why: string };

/** How the served answer ended, reported once by whoever delivered it. */
export type AttemptEnding = 'completed' | 'abandoned' | UpstreamFailure;

export type LaneResult<T> =
  | { kind: 'ok'; value: T; log: AttemptLog; finish: (ending?: AttemptEnding) => void }
  | { kind: 'failed'; stopsRun: boolean }
  | { kind: 'skipped' }
  | { kind: 'abandoned' };

export interface LaneSettings<T> {
  attempt: (target: Target, signal: AbortSignal) => Promise<AttemptResult<T>>;
  runtime: RoutingRuntime | undefined;
  skipReason: ((target: Target) => UpstreamFailure | undefined) | undefined;
  retries: number;
  fallbackOn: readonly UpstreamErrorClass[];
  /** Streams commit at their first event: the attempt's latency is a time to first token. */
  isStreaming: boolean;
  deadlineAtMs: number | undefined;
  now: () => number;
  random: () => number;
  retryBaseMs: number;
  retryMaxMs: number;
  rateLimitCooldownMs: number;
  /** Disposes of an answer nobody will use (a hedge that answered second). */
  discard: ((value: T) => void) | undefined;
  nextAttemptNumber: () => number;
  /** Every attempt that ended except the winner's, which the run logs when it accepts it. */
  log: (entry: AttemptLog) => void;
}

/** Classes where trying the same target again soon may help. */
const RETRYABLE_ON_SAME_TARGET: readonly UpstreamErrorClass[] = ['server_error', 'connection', 'malformed_response', 'overloaded'];

const RATE_LIMITS: readonly UpstreamErrorClass[] = ['rate_limit', 'quota_exceeded'];

export async function runLane<T>(target: Target, isHedge: boolean, signal: AbortSignal, settings: LaneSettings<T>): Promise<LaneResult<T>> {
  const { runtime, now } = settings;
  const hedged = isHedge ? { hedged: true } : {};
  const passOver = (retry: number, skipReason: SkipReason, failure: UpstreamFailure): LaneResult<T> => {
    settings.log({ target, attempt: settings.nextAttemptNumber(), startedAtMs: now(), latencyMs: 0, outcome: 'skipped', failure, skipReason, ...hedged });
    return retry === 0 ? { kind: 'skipped' } : { kind: 'failed', stopsRun: false };
  };
  for (let retry = 0; retry <= settings.retries; retry += 1) {
    if (signal.aborted) return { kind: 'abandoned' };
    if (settings.deadlineAtMs !== undefined && now() >= settings.deadlineAtMs) return { kind: 'failed', stopsRun: false };
    const unavailable = settings.skipReason?.(target);
    if (unavailable) return passOver(retry, 'unavailable', unavailable);
    const admission = runtime ? await runtime.health.check(target.ref, now()) : { admitted: true as const, isProbe: false };
    if (!admission.admitted) return passOver(retry, admission.reason, admission.failure);
    let lease: ConcurrencyLease | undefined;
    if (runtime) {
      const slot = await runtime.limiter.acquire(target.provider.account.id, target.provider.maxConcurrent, { signal });
      if (!slot.ok) {
        // A probe slot claimed for a call that never happened is handed back.
        if (admission.isProbe) void runtime.health.record(target.ref, 'cancelled', now());
        if (slot.reason === 'aborted') return { kind: 'abandoned' };
        return passOver(retry, 'concurrency_limit', {
          errorClass: 'overloaded',
          status: null,
          message: `provider ${target.provider.account.id} is at its concurrency limit (maxConcurrent ${slot.limit}, ${slot.queued} waiting); waited ${slot.waitedMs} ms`,
        });
      }
      lease = slot.lease;
    }
    const attempt = settings.nextAttemptNumber();
    const startedAtMs = now();
    const call = startCall(settings, target, signal);
    const settled = await settleOrAbort(call, signal);
    if (signal.aborted) {
      settings.log({ target, attempt, startedAtMs, latencyMs: now() - startedAtMs, ...stoppedOutcome(signal.reason), ...hedged });
      // The upstream call may take a moment to wind down: its slot stays taken until it has.
      void call.then(
        (result) => {
          lease?.release();
          void runtime?.health.record(target.ref, 'cancelled', now());
          if (result.ok) settings.discard?.(result.value);
        },
        () => lease?.release(),
      );
      return { kind: 'abandoned' };
    }
    if (settled?.thrown !== undefined) {
      // Not an upstream failure but a bug or a refusal to build the request: the caller hears of it.
      lease?.release();
      if (admission.isProbe) void runtime?.health.record(target.ref, 'cancelled', now());
      throw settled.thrown.error;
    }
    const result = settled?.result ?? { ok: false, failure: { errorClass: 'connection', status: null, message: 'the attempt ended without an answer' } };
    const latencyMs = now() - startedAtMs;
    if (result.ok) {
      void runtime?.health.record(target.ref, 'ok', now());
      if (settings.isStreaming) runtime?.latency.recordFirstToken(target.ref, latencyMs, now());
      const log: AttemptLog = { target, attempt, startedAtMs, latencyMs, outcome: 'ok', ...hedged };
      return { kind: 'ok', value: result.value, log, finish: finisher(target, startedAtMs, lease, settings) };
    }
    lease?.release();
    const failure = result.failure;
    noteFailure(target, failure, latencyMs, settings);
    const outcome = failure.errorClass === 'timeout' ? 'timeout' : failure.errorClass === 'cancelled' ? 'cancelled' : 'error';
    settings.log({ target, attempt, startedAtMs, latencyMs, outcome, failure, ...hedged });
    if (outcome === 'cancelled' || !settings.fallbackOn.includes(failure.errorClass)) return { kind: 'failed', stopsRun: true };
    // A provider that named a delay has put the target in cooldown: not slept on here.
    const canRetry = retry < settings.retries && RETRYABLE_ON_SAME_TARGET.includes(failure.errorClass) && failure.retryAfterMs === undefined;
    if (!canRetry) return { kind: 'failed', stopsRun: false };
    const delayMs = backoffMs(retry, settings.retryBaseMs, settings.retryMaxMs, settings.random);
    if (settings.deadlineAtMs !== undefined && now() + delayMs >= settings.deadlineAtMs) return { kind: 'failed', stopsRun: false };
    await sleep(delayMs, signal);
  }
  return { kind: 'failed', stopsRun: false };
}

function noteFailure<T>(target: Target, failure: UpstreamFailure, latencyMs: number, settings: LaneSettings<T>): void {
  const { runtime, now } = settings;
  if (!runtime) return;
  void runtime.health.record(target.ref, failure.errorClass, now());
  // A missed deadline is a lower bound on this target's latency: enough to rank it behind others.
  if (failure.errorClass === 'timeout') {
    if (settings.isStreaming) runtime.latency.recordFirstToken(target.ref, latencyMs, now());
    else runtime.latency.recordTotal(target.ref, latencyMs, now());
  }
  const cooldownMs = failure.retryAfterMs ?? (RATE_LIMITS.includes(failure.errorClass) ? settings.rateLimitCooldownMs : 0);
  if (cooldownMs > 0) void runtime.health.coolDown(target.ref, now() + cooldownMs, now());
}

function finisher<T>(target: Target, startedAtMs: number, lease: ConcurrencyLease | undefined, settings: LaneSettings<T>): (ending?: AttemptEnding) => void {
  let isFinished = false;
  return (ending = 'completed') => {
    if (isFinished) return;
    isFinished = true;
    lease?.release();
    const { runtime, now } = settings;
    if (!runtime) return;
    if (ending === 'completed') runtime.latency.recordTotal(target.ref, now() - startedAtMs, now());
    else if (ending !== 'abandoned') void runtime.health.record(target.ref, ending.errorClass, now());
  };
}

function stoppedOutcome(reason: unknown): Pick<AttemptLog, 'outcome' | 'failure'> {
  const stop = isLaneStop(reason) ? reason : { kind: 'run_stopped' as const, why: 'the run was stopped' };
  switch (stop.kind) {
    case 'deadline':
      return { outcome: 'timeout', failure: { errorClass: 'timeout', status: null, message: `the request's total deadline of ${stop.budgetMs} ms passed` } };
    case 'hedge_lost':
      return { outcome: 'cancelled', failure: { errorClass: 'cancelled', status: null, message: `abandoned: ${stop.winnerRef} answered first (hedged request)` } };
    case 'client_closed':
      return { outcome: 'cancelled', failure: { errorClass: 'cancelled', status: null, message: 'the client closed the connection' } };
    case 'run_stopped':
      return { outcome: 'cancelled', failure: { errorClass: 'cancelled', status: null, message: `abandoned: ${stop.why}` } };
  }
}

function isLaneStop(reason: unknown): reason is LaneStop {
  return typeof reason === 'object' && reason !== null && 'kind' in reason && typeof reason.kind === 'string';
}

function startCall<T>(settings: LaneSettings<T>, target: Target, signal: AbortSignal): Promise<AttemptResult<T>> {
  try {
    return settings.attempt(target, signal);
  } catch (error) {
    return Promise.reject(error as Error);
  }
}

type Settled<R> = { result: R; thrown?: undefined } | { result?: undefined; thrown: { error: unknown } };

/** The call's result or what it threw, or undefined as soon as `signal` aborts (the call is left to wind down). */
function settleOrAbort<R>(call: Promise<R>, signal: AbortSignal): Promise<Settled<R> | undefined> {
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const onAbort = (): void => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    call.then(
      (result) => {
        signal.removeEventListener('abort', onAbort);
        resolve({ result });
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        resolve({ thrown: { error } });
      },
    );
  });
}
