/** One upstream attempt as routing saw it: where, how long, and how it ended. */
import type { UpstreamFailure } from '../core/upstream-failure.js';
import type { Target } from './target.js';

export type AttemptOutcome = 'ok' | 'error' | 'timeout' | 'cancelled' | 'skipped';

/** Why a target was passed over without a call. */
export type SkipReason = 'breaker_open' | 'cooldown' | 'concurrency_limit' | 'unavailable';

export interface AttemptLog {
  target: Target;
  /** 1-based, across all targets, in the order attempts started. */
  attempt: number;
  startedAtMs: number;
  latencyMs: number;
  outcome: AttemptOutcome;
  failure?: UpstreamFailure;
  /** Set on `skipped` attempts. */
  skipReason?: SkipReason;
  /** Started as a hedge while an earlier attempt was still running. */
  hedged?: boolean;
}
