/** The price book from config; its own validation errors become config errors naming the path. */
import { ConfigError } from '../config/config-error.js';
import type { TollgateConfig } from '../config/schema.js';
import { PriceBook, PricingConfigError } from '../pricing/index.js';

export function buildPriceBook(config: TollgateConfig, source = 'config'): PriceBook {
  try {
    return new PriceBook({
      overrides: config.pricing.overrides,
      serviceTierRules: config.pricing.serviceTierRules,
      priceCards: config.pricing.priceCards,
    });
  } catch (error) {
    if (error instanceof PricingConfigError) throw new ConfigError([error.message], source);
    throw error;
  }
}
