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
    {
      signal: options.signal,
      now: context.now,
      runtime: context.router.runtime,
      isStreaming: options.stream,
      // A stream that answered after a hedge won is cut off at once.
      discard: (value) => (value.kind === 'stream' ? value.abort('client_closed') : undefined),
    },
  );
  if (outcome.ok) finishWhenDelivered(outcome);
  return { outcome, warningsFor: (target) => warnings.get(target.ref) ?? [] };
}

/** A whole body is delivered already; a stream holds its provider's concurrency slot until it closes. */
function finishWhenDelivered(outcome: Extract<RunOutcome<UpstreamSuccess>, { ok: true }>): void {
  const value = outcome.value;
  if (value.kind === 'sync') {
    outcome.finish('completed');
    return;
  }
  if (value.body.closed || value.body.destroyed) {
    outcome.finish(value.body.readableEnded ? 'completed' : 'abandoned');
    return;
  }
  value.body.once('close', () => outcome.finish(value.body.readableEnded ? 'completed' : 'abandoned'));
}
