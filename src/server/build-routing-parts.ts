/**
 * The parts of a gateway that follow its config and can be rebuilt on a reload without touching
 * requests in flight: the price book, the provider accounts, and the router over them. The
 * routing runtime (breakers, cooldowns, latency) is passed in and survives reloads.
 */
import type { TollgateConfig } from '../config/schema.js';
import type { PriceBook } from '../pricing/index.js';
import { Router } from '../routing/router.js';
import type { RoutingRuntime } from '../routing/routing-runtime.js';
import type { ProviderEntry } from '../routing/target.js';
import { buildPriceBook } from './build-price-book.js';
import { buildProviderEntries } from './build-providers.js';
import { routeReliabilityOf } from './routing-options.js';

export interface RoutingParts {
  priceBook: PriceBook;
  providers: Map<string, ProviderEntry>;
  router: Router;
}

export function buildRoutingParts(config: TollgateConfig, runtime: RoutingRuntime, now: () => number, source = 'config'): RoutingParts {
  const priceBook = buildPriceBook(config, source);
  const providers = buildProviderEntries(config);
  const router = new Router({
    routes: config.routes,
    providers,
    runtime,
    routeReliability: routeReliabilityOf(config),
    catalogServes: (providerType, model) => priceBook.resolve(providerType, model, new Date(now())) !== undefined,
    contextWindowOf: (target) => priceBook.resolve(target.provider.account.type, target.pricedModel, new Date(now()), target.provider.account.id)?.contextWindow,
  });
  return { priceBook, providers, router };
}
