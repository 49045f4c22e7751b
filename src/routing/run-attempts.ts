/**
 * Tries a plan's candidates in order until one succeeds, retrying a target with exponential
 * backoff and jitter where the failure is worth retrying, and stopping at once on a failure that
 * no other target could fix (an invalid request) or when the client has gone.
 */
import { FALLBACK_CLASSES_DEFAULT, type UpstreamErrorClass, type UpstreamFailure } from '../core/upstream-failure.js';
import type { AttemptLog } from './attempt-log.js';
import type { RoutePlan } from './route-plan.js';
import type { Target } from './target.js';

export type AttemptResult<T> = { ok: true; value: T } | { ok: false; failure: UpstreamFailure };

export type RunOutcome<T> =
  | { ok: true; value: T; target: Target; attempts: AttemptLog[] }
  | { ok: false; attempts: AttemptLog[] };

export interface RunOptions {
  signal: AbortSignal;
  fallbackOn?: readonly UpstreamErrorClass[];
  now?: () => number;
  random?: () => number;
  /** Base delay between retries of one target; doubled each time, with full jitter. */
  retryBaseMs?: number;
  /** Called before each attempt; returns a reason to skip the target (open breaker, cooldown). */
  skipReason?: (target: Target) => UpstreamFailure | undefined;
  onAttemptEnd?: (log: AttemptLog) => void;
}

/** Classes where trying the same target again soon may help. */
const RETRYABLE_ON_SAME_TARGET: readonly UpstreamErrorClass[] = ['server_error', 'connection', 'malformed_response', 'overloaded'];

export async function runAttempts<T>(
  plan: RoutePlan,
  attempt: (target: Target, signal: AbortSignal) => Promise<AttemptResult<T>>,
  options: RunOptions,
): Promise<RunOutcome<T>> {
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const fallbackOn = options.fallbackOn ?? FALLBACK_CLASSES_DEFAULT;
  const attempts: AttemptLog[] = [];
  for (const target of plan.candidates) {
    const skip = options.skipReason?.(target);
    if (skip) {
      const log: AttemptLog = { target, attempt: attempts.length + 1, startedAtMs: now(), latencyMs: 0, outcome: 'skipped', failure: skip };
      attempts.push(log);
      options.onAttemptEnd?.(log);
      continue;
    }
    for (let retry = 0; retry <= plan.retries; retry += 1) {
      if (options.signal.aborted) return { ok: false, attempts };
      const startedAtMs = now();
      const result = await attempt(target, options.signal);
      const latencyMs = now() - startedAtMs;
      if (result.ok) {
        const log: AttemptLog = { target, attempt: attempts.length + 1, startedAtMs, latencyMs, outcome: 'ok' };
        attempts.push(log);
        options.onAttemptEnd?.(log);
        return { ok: true, value: result.value, target, attempts };
      }
      const failure = result.failure;
      const outcome = failure.errorClass === 'timeout' ? 'timeout' : failure.errorClass === 'cancelled' ? 'cancelled' : 'error';
      const log: AttemptLog = { target, attempt: attempts.length + 1, startedAtMs, latencyMs, outcome, failure };
      attempts.push(log);
      options.onAttemptEnd?.(log);
      if (outcome === 'cancelled' || options.signal.aborted) return { ok: false, attempts };
      if (!fallbackOn.includes(failure.errorClass)) return { ok: false, attempts };
      const canRetry = retry < plan.retries && RETRYABLE_ON_SAME_TARGET.includes(failure.errorClass);
      if (!canRetry) break;
      await sleep(backoffMs(retry, options.retryBaseMs ?? 200, random), options.signal);
    }
  }
  return { ok: false, attempts };
}

function backoffMs(retry: number, baseMs: number, random: () => number): number {
  return Math.round(random() * baseMs * 2 ** retry);
}

function sleep(milliseconds: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, milliseconds);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
