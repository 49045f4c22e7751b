/** Pricing as the request path needs it: the usage a target reported, at the time it was served. */
import type { Usage } from '../../core/usage.js';
import type { CostBreakdown, PriceBook } from '../../pricing/index.js';
import type { Target } from '../../routing/target.js';
import type { VolumeCounters } from '../volume-counters.js';

export interface PricingDeps {
  priceBook: PriceBook;
  /** Month-to-date spend per volume card; without it volume cards give no discount (and say so). */
  volume?: VolumeCounters;
}

export function priceTargetUsage(
  { priceBook, volume }: PricingDeps,
  target: Target,
  usage: Usage | undefined,
  atMs: number,
  extras: { streamDurationMs?: number; isComplete?: boolean } = {},
): CostBreakdown {
  if (!usage) return unknownCost(`${target.ref} reported no usage, so the cost is unknown`);
  const account = target.provider.account;
  const volumeCard = volume ? priceBook.volumeCardKey(account.type, target.pricedModel, account.id) : undefined;
  const cost = priceBook.price({
    providerType: target.provider.account.type,
    providerId: target.provider.account.id,
    model: target.pricedModel,
    usage,
    at: new Date(atMs),
    ...(usage.serviceTier ? { serviceTier: usage.serviceTier } : {}),
    ...(extras.streamDurationMs !== undefined ? { streamDurationMs: extras.streamDurationMs } : {}),
    ...(volume && volumeCard !== undefined ? { monthToDateUsagePico: volume.monthToDate(volumeCard, atMs) } : {}),
  });
  if (volume && cost.volume) volume.add(cost.volume.cardKey, atMs, cost.volume.basisPico);
  if (extras.isComplete === false && cost.status === 'exact') return { ...cost, status: 'estimated' };
  return cost;
}

export function unknownCost(reason: string): CostBreakdown {
  return { status: 'unknown', totalPico: null, lines: {}, source: null, card: null, warnings: [reason], explanation: [reason] };
}
