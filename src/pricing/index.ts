/** The pricing layer: catalog + config price cards, exact cost of a Usage, pre-flight estimates. */
export type {
  CatalogPriceSource,
  ConfigPriceSource,
  CostBreakdown,
  CostLineName,
  CostStatus,
  LongContextTier,
  PriceCard,
  PriceFields,
  PriceSource,
  TokenPrices,
  UnitPrices,
  VolumeApplication,
} from './price-card.js';
export { CATALOG_NAME, pricesForInputTokens } from './price-card.js';
export { PriceBook, type PriceBookOptions, type PriceRequest } from './price-book.js';
export { PricingConfigError, type OverrideValues, type PriceOverrides } from './overrides.js';
export { DEFAULT_SERVICE_TIER_RULES, normalizeServiceTier, type ServiceTierRule, type ServiceTierRules } from './service-tiers.js';
export type { PriceCardConfig, PriceCardsConfig, StreamingCardConfig } from './config-price-cards.js';
export { volumeDiscount, type VolumeCardConfig, type VolumeDiscount, type VolumeSchedule, type VolumeTierConfig } from './volume-tiers.js';
export { USAGE_UNIT_IMAGES, USAGE_UNIT_WEB_SEARCH } from './price-usage.js';
export { formatCount, formatPerMTok, formatUsdAmount, formatUsdPrice } from './explain.js';
export { CATALOG_PROVIDER_IDS } from './catalog/provider-ids.js';
export { CATALOG_VERSION } from './catalog/genai-catalog.js';
export { estimateCost, type EstimateCostRequest } from './estimate/estimate-cost.js';
export { countChatInputTokens, type ChatInputTokenCount, type CountChatOptions } from './estimate/count-chat-tokens.js';
export { imageTokens, type ImageDetail, type ImageTokenRequest } from './estimate/image-tokens.js';
export { readImageDimensions, dimensionsFromDataUrl, type ImageDimensions } from './estimate/image-dimensions.js';
export { calibrationFactor, TOKEN_CALIBRATION } from './estimate/calibration.js';
export { ANY_TARGET, OutputTokenStats, type OutputTokenSummary } from './estimate/output-token-stats.js';
