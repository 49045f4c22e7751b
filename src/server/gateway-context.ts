/**
 * Everything a request handler needs, built once at start and swapped whole on config reload:
 * handlers hold no state of their own.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { TollgateConfig } from '../config/schema.js';
import type { Ledger } from '../ledger/index.js';
import type { PriceBook } from '../pricing/index.js';
import type { UpstreamClient } from '../providers/http/upstream-client.js';
import type { Router } from '../routing/router.js';
import type { ProviderEntry } from '../routing/target.js';

export interface Lifecycle {
  /** True once shutdown began: /readyz answers 503 and new requests are refused. */
  draining: boolean;
  /** Requests accepted and not yet finished. */
  inFlight: number;
}

export interface GatewayContext {
  config: TollgateConfig;
  providers: ReadonlyMap<string, ProviderEntry>;
  router: Router;
  priceBook: PriceBook;
  ledger: Ledger;
  upstream: UpstreamClient;
  logger: FastifyBaseLogger;
  lifecycle: Lifecycle;
  /** The clock, injectable so that tests can fake time. */
  now: () => number;
}
