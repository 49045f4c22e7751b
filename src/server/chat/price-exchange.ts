/** Pricing as the request path needs it: the usage a target reported, at the time it was served. */
import type { Usage } from '../../core/usage.js';
import type { CostBreakdown, PriceBook } from '../../pricing/index.js';
import type { Target } from '../../routing/target.js';

export function priceTargetUsage(
  priceBook: PriceBook,
  target: Target,
  usage: Usage | undefined,
  atMs: number,
  extras: { streamDurationMs?: number; isComplete?: boolean } = {},
): CostBreakdown {
  if (!usage) return unknownCost(`${target.ref} reported no usage, so the cost is unknown`);
  const cost = priceBook.price({
    providerType: target.provider.account.type,
    providerId: target.provider.account.id,
    model: target.pricedModel,
    usage,
    at: new Date(atMs),
    ...(usage.serviceTier ? { serviceTier: usage.serviceTier } : {}),
    ...(extras.streamDurationMs !== undefined ? { streamDurationMs: extras.streamDurationMs } : {}),
  });
  if (extras.isComplete === false && cost.status === 'exact') return { ...cost, status: 'estimated' };
  return cost;
}

export function unknownCost(reason: string): CostBreakdown {
  return { status: 'unknown', totalPico: null, lines: {}, source: null, card: null, warnings: [reason], explanation: [reason] };
}
