/**
 * The vocabulary of the pricing layer: where a price came from, the prices that apply to one
 * model at one moment, and the breakdown a priced request produces. All prices are exact
 * decimals in USD; all money is integer picodollars.
 */
import type { Decimal, Picodollars } from '../core/money.js';

export type CostStatus = 'exact' | 'estimated' | 'unknown';

export type CostLineName =
  | 'input'
  | 'cache_read'
  | 'cache_write'
  | 'output'
  | 'reasoning'
  | 'input_audio'
  | 'output_audio'
  | 'image'
  | 'request'
  | 'web_search'
  | 'duration'
  | 'volume_discount'
  | (string & {});

export const CATALOG_NAME = '@pydantic/genai-prices';

export interface CatalogPriceSource {
  kind: 'catalog';
  catalog: typeof CATALOG_NAME;
  version: string;
  /** The catalog provider whose entry priced the model (azure falls back to openai, for one). */
  providerId: string;
  modelId: string;
}

export interface ConfigPriceSource {
  kind: 'config';
  /** e.g. `pricing.overrides["openai/ft:gpt-4o-mini:acme"]` */
  path: string;
  /** The catalog entry the override was laid over, when there was one. */
  catalogBase?: CatalogPriceSource;
}

export type PriceSource = CatalogPriceSource | ConfigPriceSource;

/** Prices per million tokens, each for one disjoint kind of token. */
export interface TokenPrices {
  inputPerMTok?: Decimal;
  cacheReadPerMTok?: Decimal;
  cacheWrite5mPerMTok?: Decimal;
  cacheWrite1hPerMTok?: Decimal;
  outputPerMTok?: Decimal;
  /** Reasoning is billed at the output price unless a model prices it apart. */
  reasoningPerMTok?: Decimal;
  inputAudioPerMTok?: Decimal;
  outputAudioPerMTok?: Decimal;
  /** Generated image tokens (Gemini image models, gpt-image). */
  outputImagePerMTok?: Decimal;
}

/** Prices per unit that are not tokens. */
export interface UnitPrices {
  perRequest?: Decimal;
  perThousandWebSearches?: Decimal;
  /** Per generated image, from config price cards (usage unit `images`). */
  perImage?: Decimal;
  /** From config price cards; billed per millisecond of stream duration. */
  perSecondStreaming?: Decimal;
}

export interface PriceFields extends TokenPrices, UnitPrices {}

export const TOKEN_PRICE_FIELDS = [
  'inputPerMTok',
  'cacheReadPerMTok',
  'cacheWrite5mPerMTok',
  'cacheWrite1hPerMTok',
  'outputPerMTok',
  'reasoningPerMTok',
  'inputAudioPerMTok',
  'outputAudioPerMTok',
  'outputImagePerMTok',
] as const satisfies ReadonlyArray<keyof TokenPrices>;

export const UNIT_PRICE_FIELDS = [
  'perRequest',
  'perThousandWebSearches',
  'perImage',
  'perSecondStreaming',
] as const satisfies ReadonlyArray<keyof UnitPrices>;

export const PRICE_FIELDS = [...TOKEN_PRICE_FIELDS, ...UNIT_PRICE_FIELDS] as const;

export type PriceFieldName = (typeof PRICE_FIELDS)[number];

/** Every price of the model once total input tokens STRICTLY exceed `thresholdTokens`. */
export interface LongContextTier {
  thresholdTokens: number;
  card: PriceFields;
}

/** The prices that apply to one model at one moment. */
export interface PriceCard extends PriceFields {
  source: PriceSource;
  modelId: string;
  contextWindow?: number;
  maxOutputTokens?: number;
  /** Ascending by threshold; each tier is a complete set of prices. */
  longContext?: LongContextTier[];
}

export interface CostBreakdown {
  status: CostStatus;
  /** Sum of `lines`, exactly; null when the cost is unknown. */
  totalPico: Picodollars | null;
  /** Disjoint line items; zero lines are omitted. `volume_discount` is negative. */
  lines: Partial<Record<CostLineName, Picodollars>>;
  source: PriceSource | null;
  card: PriceCard | null;
  warnings: string[];
  /** Human lines: "input: 2,000 tokens × $0.15/MTok = $0.0003". */
  explanation: string[];
  /** The service tier the price reflects, after normalisation (`standard`, `flex`, `batch`, `priority`, ...). */
  serviceTier?: string;
  /** Set when a config volume card applied: what to add to its month-to-date counter. */
  volume?: VolumeApplication;
  /**
   * When the provider reported what it billed (and that became the cost): what the price card
   * gives for the same usage, null when the model has no price.
   */
  catalogEstimatePico?: Picodollars | null;
}

export interface VolumeApplication {
  /** The `pricing.priceCards` key whose running total this request counts towards. */
  cardKey: string;
  /** Undiscounted cost of this request: the amount to add to the month-to-date basis. */
  basisPico: Picodollars;
  discountPico: Picodollars;
}

/** The prices that apply at a given total input size: the base card or its long-context tier. */
export function pricesForInputTokens(card: PriceCard, totalInputTokens: number): { prices: PriceFields; tier?: LongContextTier } {
  const tiers = card.longContext;
  if (!tiers) return { prices: card };
  let chosen: LongContextTier | undefined;
  for (const tier of tiers) {
    if (totalInputTokens > tier.thresholdTokens) chosen = tier;
  }
  return chosen ? { prices: chosen.card, tier: chosen } : { prices: card };
}

export function pickPriceFields(source: PriceFields): PriceFields {
  const fields: PriceFields = {};
  for (const name of PRICE_FIELDS) {
    const value = source[name];
    if (value !== undefined) fields[name] = value;
  }
  return fields;
}
