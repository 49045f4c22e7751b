/**
 * Everything a request handler needs, built once at start and swapped whole on config reload:
 * handlers hold no state of their own.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { TollgateConfig } from '../config/schema.js';
import type { Ledger } from '../ledger/index.js';
import type { OutputTokenStats, PriceBook } from '../pricing/index.js';
import type { UpstreamClient } from '../providers/http/upstream-client.js';
import type { Router } from '../routing/router.js';
import type { GatewayPolicy } from './admission/gateway-policy.js';
import type { VolumeCounters } from './volume-counters.js';
import type { Store } from '../store/store.js';
import type { GatewayTelemetry } from '../telemetry/gateway-telemetry.js';
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
  /** Month-to-date spend per volume price card, for volume-tier discounts. */
  volume: VolumeCounters;
  /** Recent output lengths per target and feature, so estimates expect a typical answer. */
  outputStats: OutputTokenStats;
  ledger: Ledger;
  /** The ledger's store, for the usage queries and task feedback. */
  store: Store;
  /** Metrics and traces; `observe(record)` once per finished request. */
  telemetry: GatewayTelemetry;
  upstream: UpstreamClient;
  /** Virtual keys, budgets, rate limits, alerts and trailing spend. */
  policy: GatewayPolicy;
  logger: FastifyBaseLogger;
  lifecycle: Lifecycle;
  /** The clock, injectable so that tests can fake time. */
  now: () => number;
}
