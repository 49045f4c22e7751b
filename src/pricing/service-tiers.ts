/**
 * Service tiers: the catalog prices the standard tier only, so batch, flex and priority are
 * Tollgate's own per-provider rules, overridable from config. A request is billed by the tier
 * the provider REPORTS having used, not the one asked for. A rule either multiplies every
 * token price of the standard card (0.5 for batch and flex: exact in decimal, and the cache
 * discount survives because cached tokens keep their own, halved, price) or replaces the
 * token prices per model (OpenAI priority). Per-request, web-search and streaming fees are
 * not discounted. A tier with no rule, or a per-model rule without this model, is priced at
 * standard and marked estimated.
 */
import { type Decimal, decimalToString, multiplyDecimal, parseDecimal } from '../core/money.js';
import { OPENAI_PRIORITY_PRICES } from './openai-priority-prices.js';
import { type OverrideValues, PricingConfigError, overridePath, parsePriceValues } from './overrides.js';
import { type PriceCard, type PriceFields, TOKEN_PRICE_FIELDS, type TokenPrices } from './price-card.js';

export const STANDARD_TIER = 'standard';

export interface ServiceTierRule {
  /** Multiplies every token price of the standard card, e.g. "0.5". */
  multiplier?: string | number;
  /** Whole token price sets per model name, keyed like `pricing.overrides` values. */
  modelPrices?: Readonly<Record<string, OverrideValues>>;
}

/** provider type → reported tier → rule. */
export type ServiceTierRules = Readonly<Record<string, Readonly<Record<string, ServiceTierRule>>>>;

const HALF = { multiplier: '0.5' } as const;

export const DEFAULT_SERVICE_TIER_RULES: ServiceTierRules = {
  openai: { flex: HALF, batch: HALF, priority: { modelPrices: OPENAI_PRIORITY_PRICES } },
  anthropic: { batch: HALF },
  // Google publishes priority only as "75% to 100% more than standard", with no per-model
  // figures we could verify, so no model is listed: priority Gemini requests are estimates.
  gemini: { batch: HALF, flex: HALF, priority: { modelPrices: {} } },
};

const STANDARD_NAMES: ReadonlySet<string> = new Set(['', 'standard', 'default', 'auto', 'standard_only', 'on_demand']);

const normalized = new Map<string, string>();

/** `SERVICE_TIER_PRIORITY`, `Priority`, `priority` → `priority`; default/auto/standard → `standard`. */
export function normalizeServiceTier(tier: string | undefined | null): string {
  if (tier === undefined || tier === null || tier === STANDARD_TIER) return STANDARD_TIER;
  let name = normalized.get(tier);
  if (name === undefined) {
    const cleaned = tier.trim().toLowerCase().replace(/^service_tier_/, '');
    name = STANDARD_NAMES.has(cleaned) ? STANDARD_TIER : cleaned;
    // Tier names come from providers, a handful in practice; the bound guards against junk.
    if (normalized.size < 256) normalized.set(tier, name);
  }
  return name;
}

interface CompiledRule {
  multiplier?: Decimal;
  modelPrices?: Map<string, PriceFields>;
}

export interface ServiceTierPricing {
  card: PriceCard;
  tier: string;
  warnings: string[];
  isEstimated: boolean;
  note?: string;
}

const DATE_SUFFIX = /-\d{4}-\d{2}-\d{2}$/;

export class ServiceTierBook {
  readonly #rules = new Map<string, Map<string, CompiledRule>>();
  readonly #applied = new WeakMap<PriceCard, Map<string, ServiceTierPricing>>();

  /** Config rules replace the default rule for the same provider type and tier. */
  constructor(configRules: ServiceTierRules = {}, basePath = 'pricing.serviceTierRules') {
    for (const rules of [DEFAULT_SERVICE_TIER_RULES, configRules]) {
      for (const [providerType, tiers] of Object.entries(rules)) {
        const compiled = this.#rules.get(providerType) ?? new Map<string, CompiledRule>();
        for (const [tier, rule] of Object.entries(tiers)) {
          compiled.set(normalizeServiceTier(tier), compileRule(rule, `${basePath}.${providerType}.${tier}`));
        }
        this.#rules.set(providerType, compiled);
      }
    }
  }

  /** The card to bill a reported tier with; memoised per standard card and tier. */
  apply(card: PriceCard, providerType: string, model: string, reportedTier: string | undefined): ServiceTierPricing {
    const tier = normalizeServiceTier(reportedTier);
    if (tier === STANDARD_TIER) return { card, tier, warnings: [], isEstimated: false };
    const cacheKey = `${providerType}\u0000${model}\u0000${tier}`;
    let perCard = this.#applied.get(card);
    const cached = perCard?.get(cacheKey);
    if (cached) return cached;
    const result = this.#compute(card, providerType, model, tier);
    if (!perCard) this.#applied.set(card, (perCard = new Map()));
    perCard.set(cacheKey, result);
    return result;
  }

  #compute(card: PriceCard, providerType: string, model: string, tier: string): ServiceTierPricing {
    const rule = this.#rules.get(providerType)?.get(tier);
    if (!rule) {
      return estimatedAtStandard(card, tier, `no price rule for ${providerType} service tier "${tier}": priced at standard (set pricing.serviceTierRules.${providerType}.${tier})`);
    }
    if (rule.modelPrices) {
      const prices = modelPricesFor(rule.modelPrices, model);
      if (prices) return { card: withTokenPrices(card, prices), tier, warnings: [], isEstimated: false, note: `${tier} tier prices` };
      if (!rule.multiplier) {
        return estimatedAtStandard(card, tier, `no known ${tier}-tier price for ${providerType}/${model}: priced at standard (set pricing.serviceTierRules.${providerType}.${tier}.modelPrices)`);
      }
    }
    if (rule.multiplier) {
      return { card: scaleTokenPrices(card, rule.multiplier), tier, warnings: [], isEstimated: false, note: `${tier} tier: token prices × ${formatMultiplier(rule.multiplier)}` };
    }
    return estimatedAtStandard(card, tier, `the ${providerType} "${tier}" rule has no prices: priced at standard`);
  }
}

function estimatedAtStandard(card: PriceCard, tier: string, warning: string): ServiceTierPricing {
  return { card, tier, warnings: [warning], isEstimated: true };
}

function modelPricesFor(table: Map<string, PriceFields>, model: string): PriceFields | undefined {
  const name = model.trim().toLowerCase();
  return table.get(name) ?? table.get(name.replace(DATE_SUFFIX, ''));
}

function compileRule(rule: ServiceTierRule, path: string): CompiledRule {
  if (typeof rule !== 'object' || rule === null) throw new PricingConfigError(path, 'expected { multiplier } or { modelPrices }');
  const compiled: CompiledRule = {};
  if (rule.multiplier !== undefined) {
    let multiplier: Decimal;
    try {
      multiplier = parseDecimal(rule.multiplier);
    } catch (error) {
      throw new PricingConfigError(`${path}.multiplier`, error instanceof Error ? error.message : String(error));
    }
    if (multiplier.units < 0n) throw new PricingConfigError(`${path}.multiplier`, 'a multiplier cannot be negative');
    compiled.multiplier = multiplier;
  }
  if (rule.modelPrices !== undefined) {
    compiled.modelPrices = new Map();
    for (const [model, values] of Object.entries(rule.modelPrices)) {
      const { fields } = parsePriceValues(values, overridePath(`${path}.modelPrices`, model));
      compiled.modelPrices.set(model.trim().toLowerCase(), fields);
    }
  }
  if (!compiled.multiplier && !compiled.modelPrices) throw new PricingConfigError(path, 'expected { multiplier } or { modelPrices }');
  return compiled;
}

/** Every token price times `multiplier`, in the base card and each long-context tier. */
export function scaleTokenPrices(card: PriceCard, multiplier: Decimal): PriceCard {
  const scaled: PriceCard = { ...card };
  scaleFields(scaled, multiplier);
  if (card.longContext) {
    scaled.longContext = card.longContext.map((tier) => {
      const tierCard = { ...tier.card };
      scaleFields(tierCard, multiplier);
      return { thresholdTokens: tier.thresholdTokens, card: tierCard };
    });
  }
  return scaled;
}

function scaleFields(fields: TokenPrices, multiplier: Decimal): void {
  for (const name of TOKEN_PRICE_FIELDS) {
    const price = fields[name];
    if (price) fields[name] = multiplyDecimal(price, multiplier);
  }
}

/**
 * The card with its base token prices replaced by `prices` (token kinds it omits lose their
 * price). Long-context tiers stay at standard: OpenAI's priority prices exclude long context.
 */
function withTokenPrices(card: PriceCard, prices: PriceFields): PriceCard {
  const replaced: PriceCard = { ...card };
  for (const name of TOKEN_PRICE_FIELDS) delete replaced[name];
  return Object.assign(replaced, prices);
}

function formatMultiplier(multiplier: Decimal): string {
  return decimalToString(multiplier);
}
