/**
 * Turns a catalog model entry into price cards: one per conditional price, each with its
 * long-context tiers. Tiered catalog prices (`{base, tiers: [{start, price}]}`) apply to every
 * token of a request once its total input STRICTLY exceeds `start`, so each distinct start
 * becomes one long-context tier holding the complete set of prices that apply above it.
 */
import type { ModelInfo, ModelPrice } from '@pydantic/genai-prices';
import type { Decimal } from '../../core/money.js';
import { CATALOG_NAME, type CatalogPriceSource, type LongContextTier, type PriceCard, type PriceFields } from '../price-card.js';
import { CATALOG_PRICE_KEYS, applyPriceKeyRule } from '../price-keys.js';
import { type ConditionalEntry, parseConstraint } from './conditional-prices.js';
import { catalogNumberToDecimal } from './float-to-decimal.js';
import { CATALOG_VERSION, type CatalogModel } from './genai-catalog.js';

interface TieredValue {
  base: Decimal;
  tiers: Array<{ start: number; price: Decimal }>;
}

export function catalogCardEntries(found: CatalogModel): ConditionalEntry<PriceCard>[] {
  const source: CatalogPriceSource = {
    kind: 'catalog',
    catalog: CATALOG_NAME,
    version: CATALOG_VERSION,
    providerId: found.providerId,
    modelId: found.model.id,
  };
  const prices = found.model.prices;
  if (!Array.isArray(prices)) return [{ value: cardFromModelPrice(prices, source, found.model) }];
  return prices.map((conditional) => {
    const constraint = parseConstraint(conditional.constraint);
    const value = cardFromModelPrice(conditional.prices, source, found.model);
    return constraint ? { constraint, value } : { value };
  });
}

export function cardFromModelPrice(prices: ModelPrice, source: CatalogPriceSource, model: ModelInfo): PriceCard {
  const flat: PriceFields = {};
  const tiered = new Map<keyof PriceFields, TieredValue>();
  for (const [key, rule] of CATALOG_PRICE_KEYS) {
    const raw: unknown = prices[key];
    if (raw === undefined) continue;
    const value = readPriceValue(raw, `${source.providerId}/${model.id} ${key}`);
    if ('tiers' in value) {
      tiered.set(rule.field, {
        base: applyPriceKeyRule(rule, value.base),
        tiers: value.tiers.map((tier) => ({ start: tier.start, price: applyPriceKeyRule(rule, tier.price) })),
      });
      flat[rule.field] = applyPriceKeyRule(rule, value.base);
    } else {
      tiered.delete(rule.field);
      flat[rule.field] = applyPriceKeyRule(rule, value);
    }
  }
  const card: PriceCard = { ...flat, source, modelId: model.id };
  if (model.context_window !== undefined) card.contextWindow = model.context_window;
  const longContext = longContextTiers(flat, tiered);
  if (longContext.length > 0) card.longContext = longContext;
  return card;
}

function longContextTiers(flat: PriceFields, tiered: Map<keyof PriceFields, TieredValue>): LongContextTier[] {
  const thresholds = [...new Set([...tiered.values()].flatMap((value) => value.tiers.map((tier) => tier.start)))].sort((a, b) => a - b);
  return thresholds.map((thresholdTokens) => {
    const card: PriceFields = { ...flat };
    for (const [field, value] of tiered) {
      let price = value.base;
      for (const tier of value.tiers) if (tier.start <= thresholdTokens) price = tier.price;
      card[field] = price;
    }
    return { thresholdTokens, card };
  });
}

function readPriceValue(raw: unknown, label: string): Decimal | TieredValue {
  if (typeof raw === 'number') return catalogNumberToDecimal(raw);
  if (typeof raw === 'object' && raw !== null && 'base' in raw && 'tiers' in raw) {
    const { base, tiers } = raw;
    if (typeof base === 'number' && Array.isArray(tiers)) {
      const parsed = tiers.map((tier: unknown) => readTier(tier, label));
      return { base: catalogNumberToDecimal(base), tiers: parsed.sort((a, b) => a.start - b.start) };
    }
  }
  throw new Error(`catalog price ${label} is neither a number nor tiered prices: ${JSON.stringify(raw)}`);
}

function readTier(tier: unknown, label: string): { start: number; price: Decimal } {
  if (typeof tier === 'object' && tier !== null && 'start' in tier && 'price' in tier) {
    const { start, price } = tier;
    if (typeof start === 'number' && Number.isSafeInteger(start) && start >= 0 && typeof price === 'number') {
      return { start, price: catalogNumberToDecimal(price) };
    }
  }
  throw new Error(`catalog price ${label} has a malformed tier: ${JSON.stringify(tier)}`);
}
