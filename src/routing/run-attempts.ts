/**
 * Tries a plan's candidates until one succeeds: in order (each target with its own retries, see
 * attempt-lane.ts), skipping targets that are unhealthy, cooling down or at their concurrency
 * limit, and — with hedging — starting the next candidate alongside a slow one, taking the first
 * answer and abandoning the other. Stops at once on a failure no other target could fix (an
 * invalid request), when the client has gone, or at the request's deadline.
 */
import { FALLBACK_CLASSES_DEFAULT, type UpstreamErrorClass, type UpstreamFailure } from '../core/upstream-failure.js';
import type { AttemptLog } from './attempt-log.js';
import { runLane, type AttemptEnding, type AttemptResult, type LaneResult, type LaneSettings, type LaneStop } from './attempt-lane.js';
import type { RoutePlan } from './route-plan.js';
import type { RoutingRuntime } from './routing-runtime.js';
import type { Target } from './target.js';

export type { AttemptEnding, AttemptResult } from './attempt-lane.js';

export type RunOutcome<T> =
  | {
      ok: true;
      value: T;
      target: Target;
      attempts: AttemptLog[];
      /**
       * Call once the answer has been delivered (a stream's last byte) or has failed: frees the
       * provider's concurrency slot and records the total latency (or the failure). Idempotent.
       */
      finish: (ending?: AttemptEnding) => void;
    }
  | { ok: false; attempts: AttemptLog[] };

export interface RunOptions<T = unknown> {
  signal: AbortSignal;
  /** Breakers, cooldowns, concurrency limits and latency; without it every target is always admitted. */
  runtime?: RoutingRuntime;
  /** Failure classes that move on to the next target (defaults to the plan's, then FALLBACK_CLASSES_DEFAULT). */
  fallbackOn?: readonly UpstreamErrorClass[];
  /** Start the next candidate alongside an attempt that has not answered after this long (defaults to the plan's). */
  hedgeAfterMs?: number;
  /** Attempts that may run alongside the first (default 1). */
  maxHedges?: number;
  /** Absolute time by which an answer must have started (defaults to now + the plan's totalMs). */
  deadlineAtMs?: number;
  /** Streams commit at their first event: attempt latency is then a time to first token. */
  isStreaming?: boolean;
  now?: () => number;
  random?: () => number;
  /** Base delay between retries of one target; doubled each time, with full jitter (defaults to the runtime's, else 200 ms). */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Extra reason to pass a target over without a call, checked before the runtime's. */
  skipReason?: (target: Target) => UpstreamFailure | undefined;
  /** Disposes of an answer that lost a hedge race (e.g. aborts its stream). */
  discard?: (value: T) => void;
  onAttemptEnd?: (log: AttemptLog) => void;
}

interface RunningLane<T> {
  target: Target;
  isHedge: boolean;
  controller: AbortController;
  done: Promise<{ lane: RunningLane<T>; result: LaneResult<T> }>;
}

export async function runAttempts<T>(
  plan: RoutePlan,
  attempt: (target: Target, signal: AbortSignal) => Promise<AttemptResult<T>>,
  options: RunOptions<T>,
): Promise<RunOutcome<T>> {
  const now = options.now ?? Date.now;
  const runtime = options.runtime;
  const startedAtMs = now();
  const attempts: AttemptLog[] = [];
  const log = (entry: AttemptLog): void => {
    attempts.push(entry);
    options.onAttemptEnd?.(entry);
  };
  let attemptCount = 0;
  const totalMs = plan.timeouts.totalMs;
  const deadlineAtMs = options.deadlineAtMs ?? (totalMs === undefined ? undefined : startedAtMs + totalMs);
  const settings: LaneSettings<T> = {
    attempt,
    runtime,
    skipReason: options.skipReason,
    retries: plan.retries,
    fallbackOn: options.fallbackOn ?? plan.fallbackOn ?? FALLBACK_CLASSES_DEFAULT,
    isStreaming: options.isStreaming ?? false,
    deadlineAtMs,
    now,
    random: options.random ?? Math.random,
    retryBaseMs: options.retryBaseMs ?? runtime?.retry.retryBaseMs ?? 200,
    retryMaxMs: options.retryMaxMs ?? runtime?.retry.retryMaxMs ?? 5000,
    rateLimitCooldownMs: runtime?.retry.rateLimitCooldownMs ?? 0,
    discard: options.discard,
    nextAttemptNumber: () => (attemptCount += 1),
    log,
  };
  const hedgeAfterMs = options.hedgeAfterMs ?? plan.hedgeAfterMs;
  const maxLanes = 1 + (hedgeAfterMs === undefined ? 0 : (options.maxHedges ?? 1));
  const running = new Set<RunningLane<T>>();
  let nextCandidate = 0;
  let newestLaneAtMs = startedAtMs;
  let stop: LaneStop | undefined;

  const stopAll = (reason: LaneStop): void => {
    stop ??= reason;
    for (const lane of running) lane.controller.abort(reason);
  };
  const startLane = (isHedge: boolean): void => {
    const target = plan.candidates[nextCandidate];
    if (!target || stop) return;
    nextCandidate += 1;
    newestLaneAtMs = now();
    const controller = new AbortController();
    const lane: RunningLane<T> = { target, isHedge, controller, done: runLane(target, isHedge, controller.signal, settings).then((result) => ({ lane, result })) };
    running.add(lane);
  };
  const onClientGone = (): void => stopAll({ kind: 'client_closed' });
  options.signal.addEventListener('abort', onClientGone, { once: true });
  const deadlineTimer =
    deadlineAtMs === undefined ? undefined : setTimeout(() => stopAll({ kind: 'deadline', budgetMs: totalMs ?? deadlineAtMs - startedAtMs }), Math.max(0, deadlineAtMs - startedAtMs));
  const settle = async (): Promise<void> => {
    clearTimeout(deadlineTimer);
    options.signal.removeEventListener('abort', onClientGone);
    // Abandoned lanes log their attempt and return promptly; their calls wind down on their own.
    await Promise.allSettled([...running].map((lane) => lane.done));
    running.clear();
    attempts.sort((left, right) => left.attempt - right.attempt);
  };

  try {
    if (!options.signal.aborted) startLane(false);
    while (running.size > 0) {
      const canHedge = hedgeAfterMs !== undefined && running.size < maxLanes && nextCandidate < plan.candidates.length && !stop;
      const hedge = canHedge ? delay(Math.max(0, newestLaneAtMs + hedgeAfterMs - now())) : undefined;
      const event = await Promise.race([...[...running].map((lane) => lane.done), ...(hedge ? [hedge.promise] : [])]);
      hedge?.cancel();
      if (event === 'elapsed') {
        startLane(true);
        continue;
      }
      const { lane, result } = event;
      running.delete(lane);
      if (result.kind === 'ok') {
        stopAll({ kind: 'hedge_lost', winnerRef: lane.target.ref });
        log(result.log);
        await settle();
        return { ok: true, value: result.value, target: lane.target, attempts, finish: result.finish };
      }
      if (result.kind === 'failed' && result.stopsRun) {
        stopAll({ kind: 'run_stopped', why: `${lane.target.ref} failed in a way no other target can fix` });
        break;
      }
      if (stop) continue;
      // A skipped hedge is replaced at once; otherwise fall back only when nothing else is running.
      if (result.kind === 'skipped' && lane.isHedge && running.size > 0) startLane(true);
      else if (running.size === 0) startLane(false);
    }
    await settle();
    return { ok: false, attempts };
  } catch (error) {
    stopAll({ kind: 'run_stopped', why: 'an attempt could not be made' });
    await settle();
    throw error;
  }
}

function delay(milliseconds: number): { promise: Promise<'elapsed'>; cancel: () => void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<'elapsed'>((resolve) => {
    timer = setTimeout(() => resolve('elapsed'), milliseconds);
  });
  return { promise, cancel: () => clearTimeout(timer) };
}
