/** The routing view of a request: its attribution, and estimates computed only if a rule or strategy asks. */
import type { RequestMetadata } from '../../core/request-metadata.js';
import type { RouteContext } from '../../routing/route-context.js';
import type { RequestEstimator } from './request-estimator.js';

export function routeContextFor(meta: RequestMetadata, estimator?: RequestEstimator, isStreaming?: boolean): RouteContext {
  const context: RouteContext = { attribution: meta.attribution, tier: meta.tier, region: meta.region };
  if (isStreaming !== undefined) context.isStreaming = isStreaming;
  if (estimator) {
    context.inputTokens = () => estimator.inputTokens();
    context.hasImages = () => estimator.hasImages();
    context.estimateCostPico = (target) => estimator.expectedCostPico(target);
  }
  return context;
}
