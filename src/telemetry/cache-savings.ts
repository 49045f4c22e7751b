/**
 * Cache savings of one priced request: what its cache-read tokens would have cost at the plain input price
 * of the same card (long-context tier and service tier included) minus what they cost. Negative never:
 * a card without a cache-read price charges them the input price, a saving of zero.
 */
import type { Usage } from '../core/usage.js';
import { pricesForInputTokens } from '../pricing/index.js';
import type { CostBreakdown } from '../pricing/index.js';
import { tokenCost } from '../pricing/token-cost.js';

/** Picodollars saved; null when the request has no price (then neither has its saving). */
export function cacheSavingsPico(cost: CostBreakdown | undefined, usage: Usage | undefined): bigint | null {
  if (!cost || !usage || cost.totalPico === null || !cost.card) return null;
  const cacheRead = usage.input.cacheRead;
  if (!(cacheRead > 0)) return 0n;
  const { prices } = pricesForInputTokens(cost.card, usage.input.total);
  if (!prices.inputPerMTok) return null;
  return tokenCost(cacheRead, prices.inputPerMTok) - (cost.lines.cache_read ?? 0n);
}
