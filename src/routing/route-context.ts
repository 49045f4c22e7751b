/** What a routing decision may look at, computed lazily where it costs something (estimates). */
import type { Attribution, LatencyTier } from '../core/request-metadata.js';
import type { Target } from './target.js';

export interface RouteContext {
  attribution: Attribution;
  tier: LatencyTier;
  region: string | undefined;
  /** Whether the client asked for a stream (the `fastest` strategy then ranks by time to first token). */
  isStreaming?: boolean;
  /** Pre-flight estimate of the request's cost on its first candidate, in picodollars. */
  estimatedCostPico?: () => bigint | undefined;
  /** Pre-flight estimate of the request's cost on one target, in picodollars (`cheapest`); undefined when unpriced. */
  estimateCostPico?: (target: Target) => bigint | undefined;
  inputTokens?: () => number;
  hasImages?: () => boolean;
  /** The user's spend over the last 24 hours, in picodollars. */
  userSpendLast24hPico?: () => bigint | undefined;
}
