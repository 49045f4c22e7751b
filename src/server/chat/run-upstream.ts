/** Runs a route plan against the upstreams: each candidate prepared by its adapter, then attempted. */
import type { PreparedRequest } from '../../providers/adapter.js';
import type { RoutePlan } from '../../routing/route-plan.js';
import { runAttempts, type RunOutcome } from '../../routing/run-attempts.js';
import type { Target } from '../../routing/target.js';
import type { GatewayContext } from '../gateway-context.js';
import { attemptUpstream, type UpstreamSuccess } from './upstream-attempt.js';

export interface UpstreamRun {
  outcome: RunOutcome<UpstreamSuccess>;
  /** What each target's adapter changed or dropped, by target ref. */
  warningsFor: (target: Target) => string[];
}

export async function runUpstream(
  context: GatewayContext,
  plan: RoutePlan,
  options: { stream: boolean; signal: AbortSignal; prepare: (target: Target) => PreparedRequest },
): Promise<UpstreamRun> {
  const warnings = new Map<string, string[]>();
  const outcome = await runAttempts(
    plan,
    (target, signal) => {
      const prepared = options.prepare(target);
      warnings.set(target.ref, prepared.warnings);
      return attemptUpstream({
        target,
        prepared,
        stream: options.stream,
        upstream: context.upstream,
        routeTimeouts: plan.timeouts,
        signal,
        now: context.now,
      });
    },
    { signal: options.signal, now: context.now },
  );
  return { outcome, warningsFor: (target) => warnings.get(target.ref) ?? [] };
}
