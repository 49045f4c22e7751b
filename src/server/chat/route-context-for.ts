/** The routing view of a request's metadata. */
import type { RequestMetadata } from '../../core/request-metadata.js';
import type { RouteContext } from '../../routing/route-context.js';

export function routeContextFor(meta: RequestMetadata): RouteContext {
  return { attribution: meta.attribution, tier: meta.tier, region: meta.region };
}
