/**
 * The price book: resolves the card for (provider type, model, time) from the catalog and the
 * config, and prices a Usage with it. Resolution is memoised per (provider, model); only the
 * choice among a model's conditional prices is redone per call, from pre-built cards, so the
 * hot path does no catalog work.
 */
import { type Picodollars, costOfUnits, parseDecimal } from '../core/money.js';
import { type Usage, checkUsage } from '../core/usage.js';
import { catalogCardEntries } from './catalog/catalog-card.js';
import { type ConditionalEntry, selectConditional } from './catalog/conditional-prices.js';
import { CATALOG_VERSION, catalogIdsFor, catalogModelNames, findCatalogModel } from './catalog/genai-catalog.js';
import { ConfigPriceCards, type PriceCardsConfig, type VolumeRule, priceCardKeyCandidates } from './config-price-cards.js';
import { formatUsdAmount } from './explain.js';
import { type PriceOverride, type PriceOverrides, applyOverride, findOverride, overrideKeyCandidates, parseOverrides } from './overrides.js';
import { CATALOG_NAME, type CostBreakdown, type PriceCard, type PriceSource } from './price-card.js';
import { priceUsage } from './price-usage.js';
import { ServiceTierBook, type ServiceTierRules, normalizeServiceTier } from './service-tiers.js';
import { explainVolumeSplit, volumeDiscount } from './volume-tiers.js';

export interface PriceBookOptions {
  /** `pricing.overrides`: keyed `provider/model` or `model`, values keyed like the catalog's. */
  overrides?: PriceOverrides;
  /** Per provider type and tier; replaces the built-in rule for the same pair. */
  serviceTierRules?: ServiceTierRules;
  /** `pricing.priceCards`: volume tiers and streaming prices. */
  priceCards?: PriceCardsConfig;
  /** Bound on memoised resolutions, so model names clients make up cannot grow memory forever. */
  maxCachedModels?: number;
}

export interface PriceRequest {
  providerType: string;
  /** The user's name for the account (config `providers.<id>`); override keys may use it. */
  providerId: string;
  model: string;
  usage: Usage;
  at: Date;
  /** The tier the provider REPORTS having used; defaults to `usage.serviceTier`. */
  serviceTier?: string;
  streamDurationMs?: number;
  /** Undiscounted spend so far this month under the matching volume card. */
  monthToDateUsagePico?: Picodollars;
}

interface Resolution {
  entries: Array<ConditionalEntry<PriceCard>>;
  problem?: string;
  volume?: VolumeRule;
}

export class PriceBook {
  readonly catalogVersion = CATALOG_VERSION;
  readonly #overrides: Map<string, PriceOverride>;
  readonly #serviceTiers: ServiceTierBook;
  readonly #priceCards: ConfigPriceCards;
  /** provider type → provider id → model → resolution; nested so the hot path builds no key strings. */
  readonly #resolutions = new Map<string, Map<string, Map<string, Resolution>>>();
  #resolutionCount = 0;
  readonly #knownModels = new Map<string, string[]>();
  readonly #maxCachedModels: number;

  /** Throws PricingConfigError, naming the config path, on any invalid setting. */
  constructor(options: PriceBookOptions = {}) {
    this.#overrides = parseOverrides(options.overrides ?? {});
    this.#serviceTiers = new ServiceTierBook(options.serviceTierRules ?? {});
    this.#priceCards = new ConfigPriceCards(options.priceCards ?? {});
    this.#maxCachedModels = options.maxCachedModels ?? 10_000;
  }

  /** The standard-tier card for this model at this time, or undefined when nothing prices it. */
  resolve(providerType: string, model: string, at: Date, providerId?: string): PriceCard | undefined {
    return cardAt(this.#resolution(providerType, model, providerId), at);
  }

  price(request: PriceRequest): CostBreakdown {
    const { providerType, providerId, model, usage } = request;
    const resolution = this.#resolution(providerType, model, providerId);
    const standardCard = cardAt(resolution, request.at);
    const reportedTier = request.serviceTier ?? usage.serviceTier;
    if (!standardCard) return billedByProvider(unknownCost(request, normalizeServiceTier(reportedTier), resolution.problem), usage.providerReportedCostUsd);

    const tier = this.#serviceTiers.apply(standardCard, providerType, model, reportedTier);
    const priced = priceUsage(tier.card, usage, request.streamDurationMs === undefined ? {} : { streamDurationMs: request.streamDurationMs });
    const warnings = [...tier.warnings, ...priced.warnings];
    let isEstimated = tier.isEstimated || priced.isEstimated;
    const usageProblems = checkUsage(usage);
    if (usageProblems.length > 0) {
      isEstimated = true;
      warnings.push(...usageProblems.map((problem) => `usage: ${problem}`));
    }
    const explanation = [describeSource(tier.card), ...(tier.note ? [tier.note] : []), ...priced.explanation];
    const breakdown: CostBreakdown = {
      status: 'exact',
      totalPico: priced.totalPico,
      lines: priced.lines,
      source: tier.card.source,
      card: tier.card,
      warnings,
      explanation,
      serviceTier: tier.tier,
    };
    if (resolution.volume && applyVolume(breakdown, resolution.volume, request.monthToDateUsagePico)) isEstimated = true;
    breakdown.status = isEstimated ? 'estimated' : 'exact';
    return billedByProvider(breakdown, usage.providerReportedCostUsd);
  }

  /** The `pricing.priceCards` key of the volume card this model's spend counts towards, if any. */
  volumeCardKey(providerType: string, model: string, providerId?: string): string | undefined {
    return this.#resolution(providerType, model, providerId).volume?.key;
  }

  /** Model names the catalog prices for this provider type, plus `pricing.overrides` keyed to it. */
  knownModels(providerType: string): string[] {
    const cached = this.#knownModels.get(providerType);
    if (cached) return [...cached];
    const names = new Set(catalogIdsFor(providerType).flatMap((id) => catalogModelNames(id)));
    const prefix = `${providerType.toLowerCase()}/`;
    for (const [key, override] of this.#overrides) {
      if (key.startsWith(prefix)) names.add(override.key.trim().slice(prefix.length));
    }
    const sorted = [...names].sort();
    this.#knownModels.set(providerType, sorted);
    return [...sorted];
  }

  #resolution(providerType: string, model: string, providerId: string | undefined): Resolution {
    let byProviderId = this.#resolutions.get(providerType);
    const byModel = byProviderId?.get(providerId ?? '');
    const cached = byModel?.get(model);
    if (cached) return cached;
    const resolution = this.#build(providerType, model, providerId);
    if (this.#resolutionCount >= this.#maxCachedModels) {
      // Rare (only made-up names get here): start afresh rather than track recency on the hot path.
      this.#resolutions.clear();
      this.#resolutionCount = 0;
      byProviderId = undefined;
    }
    if (!byProviderId) this.#resolutions.set(providerType, (byProviderId = new Map()));
    let models = byProviderId.get(providerId ?? '');
    if (!models) byProviderId.set(providerId ?? '', (models = new Map()));
    models.set(model, resolution);
    this.#resolutionCount += 1;
    return resolution;
  }

  #build(providerType: string, model: string, providerId: string | undefined): Resolution {
    let entries: Array<ConditionalEntry<PriceCard>> = [];
    let problem: string | undefined;
    try {
      const found = findCatalogModel(catalogIdsFor(providerType), model);
      if (found) entries = catalogCardEntries(found);
    } catch (error) {
      problem = `the catalog entry for ${providerType}/${model} is unusable: ${error instanceof Error ? error.message : String(error)}`;
    }
    const override = findOverride(this.#overrides, overrideKeyCandidates(providerType, model, providerId));
    if (override) {
      entries = entries.length > 0
        ? entries.map((entry) => ({ ...entry, value: applyOverride(entry.value, override, model) }))
        : [{ value: applyOverride(undefined, override, model) }];
    }
    const streaming = this.#priceCards.streamingFor(priceCardKeyCandidates(providerType, model, providerId));
    if (streaming) {
      entries = entries.length > 0
        ? entries.map((entry) => ({ ...entry, value: { ...entry.value, perSecondStreaming: streaming.perSecond } }))
        : [{ value: { perSecondStreaming: streaming.perSecond, source: { kind: 'config', path: streaming.path }, modelId: model } }];
    }
    const resolution: Resolution = { entries };
    if (problem !== undefined) resolution.problem = problem;
    const volume = this.#priceCards.volumeFor(priceCardKeyCandidates(providerType, model, providerId));
    if (volume) resolution.volume = volume;
    return resolution;
  }
}

/** Adds the volume discount line; returns true when the result can only be an estimate. */
function applyVolume(breakdown: CostBreakdown, rule: VolumeRule, monthToDatePico: Picodollars | undefined): boolean {
  const gross = breakdown.totalPico ?? 0n;
  if (gross <= 0n) return false;
  if (monthToDatePico === undefined) {
    breakdown.volume = { cardKey: rule.key, basisPico: gross, discountPico: 0n };
    breakdown.warnings.push(`volume card ${rule.path} applies but no month-to-date usage was given: no discount applied`);
    return true;
  }
  const discount = volumeDiscount(rule.schedule, monthToDatePico, gross);
  breakdown.volume = { cardKey: rule.key, basisPico: gross, discountPico: discount.discountPico };
  if (discount.discountPico > 0n) {
    breakdown.lines.volume_discount = -discount.discountPico;
    breakdown.totalPico = gross - discount.discountPico;
    for (const split of discount.splits) if (split.discountPico > 0n) breakdown.explanation.push(explainVolumeSplit(split));
  }
  return false;
}

function cardAt(resolution: Resolution, at: Date): PriceCard | undefined {
  const entries = resolution.entries;
  if (entries.length <= 1) return entries[0]?.value;
  return selectConditional(entries, at).value;
}

function unknownCost(request: PriceRequest, serviceTier: string, problem: string | undefined): CostBreakdown {
  const { providerType, providerId, model } = request;
  const key = `${providerId}/${model}`;
  const warning =
    `no price for ${providerType} model "${model}" (provider "${providerId}") in ${CATALOG_NAME} ${CATALOG_VERSION}` +
    `${problem ? ` (${problem})` : ''}: add pricing.overrides[${JSON.stringify(key)}] with input_mtok and output_mtok in USD per million tokens`;
  return {
    status: 'unknown',
    totalPico: null,
    lines: {},
    source: null,
    card: null,
    warnings: [warning],
    explanation: [`cost unknown: ${providerType}/${model} has no price`],
    serviceTier,
  };
}

const sourceText = new WeakMap<PriceCard, string>();

function describeSource(card: PriceCard): string {
  let text = sourceText.get(card);
  if (text === undefined) {
    const source: PriceSource = card.source;
    if (source.kind === 'catalog') text = `prices: ${source.providerId}/${source.modelId} from ${source.catalog} ${source.version}`;
    else {
      const base = source.catalogBase ? ` over ${source.catalogBase.providerId}/${source.catalogBase.modelId} from ${source.catalogBase.catalog} ${source.catalogBase.version}` : '';
      text = `prices: ${card.modelId} from ${source.path}${base}`;
    }
    sourceText.set(card, text);
  }
  return text;
}

/**
 * A provider that reports what it billed (OpenRouter's `usage.cost`) is believed: that amount is
 * the cost, as one `provider_billed` line, and the price card's figure is kept beside it as
 * `catalogEstimatePico` so the two can be compared.
 */
function billedByProvider(breakdown: CostBreakdown, reported: string | undefined): CostBreakdown {
  if (reported === undefined) return breakdown;
  let billedPico: Picodollars;
  try {
    billedPico = costOfUnits(1, parseDecimal(reported));
  } catch {
    breakdown.warnings.push(`the provider reported a cost Tollgate cannot read: "${reported}"; the price card's figure is used`);
    return breakdown;
  }
  const estimate = breakdown.totalPico;
  const explanation = [`billed by the provider: ${formatUsdAmount(billedPico)}`, ...(estimate === null ? [] : [`price card estimate: ${formatUsdAmount(estimate)}`]), ...breakdown.explanation];
  const warnings = estimate !== null && estimate !== billedPico ? [...breakdown.warnings, `the provider billed ${formatUsdAmount(billedPico)}; the price card gives ${formatUsdAmount(estimate)}`] : breakdown.warnings;
  return {
    ...breakdown,
    status: 'exact',
    totalPico: billedPico,
    lines: { provider_billed: billedPico },
    catalogEstimatePico: estimate,
    warnings: estimate === null ? warnings.filter((warning) => !warning.startsWith('no price for')) : warnings,
    explanation,
  };
}
