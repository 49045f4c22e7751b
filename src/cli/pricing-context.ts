/** The price book a CLI command prices with: the catalog, plus the config's overrides when there is one. */
import { loadConfigFile } from '../config/load-config.js';
import { PriceBook } from '../pricing/index.js';
import { providerTypes } from '../providers/registry.js';
import { buildPriceBook } from '../server/build-price-book.js';
import { resolveConfigPath } from './resolve-config-path.js';

export interface PricingContext {
  priceBook: PriceBook;
  configPath: string | undefined;
  /** `provider/model` for every model the config's providers list. */
  configuredModels: string[];
  /** The adapter type of a configured provider id. */
  providerTypeOf(providerId: string): string | undefined;
}

export async function loadPricingContext(given: string | undefined): Promise<PricingContext> {
  const configPath = resolveConfigPath(given);
  if (!configPath) return { priceBook: new PriceBook(), configPath: undefined, configuredModels: [], providerTypeOf: () => undefined };
  const config = await loadConfigFile(configPath, { env: process.env, providerTypes: providerTypes() });
  return {
    priceBook: buildPriceBook(config, configPath),
    configPath,
    configuredModels: Object.entries(config.providers).flatMap(([id, provider]) => (provider.models ?? []).map((model) => `${id}/${model}`)),
    providerTypeOf: (providerId) => config.providers[providerId]?.type,
  };
}
