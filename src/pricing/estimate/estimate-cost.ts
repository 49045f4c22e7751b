/**
 * A pre-flight cost estimate: the price book applied to the tokens a request will send and
 * the output it is expected to produce (max_tokens, or a configured reserve). Always
 * `estimated` (or `unknown` when nothing prices the model), so budgets can tell a reservation
 * from a settled cost.
 */
import type { Picodollars } from '../../core/money.js';
import { usageFromParts } from '../../core/usage.js';
import { formatCount } from '../explain.js';
import type { CostBreakdown } from '../price-card.js';
import type { PriceBook } from '../price-book.js';

export interface EstimateCostRequest {
  providerType: string;
  providerId: string;
  model: string;
  inputTokens: number;
  expectedOutputTokens: number;
  at: Date;
  /** Of `inputTokens`, those expected to be read from the provider's prompt cache. */
  expectedCachedTokens?: number;
  serviceTier?: string;
  monthToDateUsagePico?: Picodollars;
}

export function estimateCost(book: PriceBook, request: EstimateCostRequest): CostBreakdown {
  const input = wholeTokens(request.inputTokens);
  const cached = Math.min(wholeTokens(request.expectedCachedTokens ?? 0), input);
  const output = wholeTokens(request.expectedOutputTokens);
  const usage = usageFromParts({ noCacheInput: input - cached, cacheRead: cached, textOutput: output });
  const breakdown = book.price({
    providerType: request.providerType,
    providerId: request.providerId,
    model: request.model,
    usage,
    at: request.at,
    ...(request.serviceTier === undefined ? {} : { serviceTier: request.serviceTier }),
    ...(request.monthToDateUsagePico === undefined ? {} : { monthToDateUsagePico: request.monthToDateUsagePico }),
  });
  if (breakdown.status !== 'unknown') breakdown.status = 'estimated';
  breakdown.explanation.unshift(`estimate: ${formatCount(input)} input tokens (${formatCount(cached)} cached), ${formatCount(output)} expected output tokens`);
  return breakdown;
}

function wholeTokens(value: number): number {
  return Number.isFinite(value) && value > 0 ? Math.ceil(value) : 0;
}
