/** One upstream attempt as routing saw it: where, how long, and how it ended. */
import type { UpstreamFailure } from '../core/upstream-failure.js';
import type { Target } from './target.js';

export type AttemptOutcome = 'ok' | 'error' | 'timeout' | 'cancelled' | 'skipped';

export interface AttemptLog {
  target: Target;
  /** 1-based, across all targets. */
  attempt: number;
  startedAtMs: number;
  latencyMs: number;
  outcome: AttemptOutcome;
  failure?: UpstreamFailure;
}
