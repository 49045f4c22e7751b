/**
 * Applying a new config to a running gateway. Routes, providers, pricing, features and team
 * limits change at once for new requests (requests in flight keep the context they started
 * with); sections that hold connections or state — server, storage, ledger, redis, auth,
 * budgets, routing runtime, telemetry — keep their running values until a restart, and the
 * reload says which of them differ. A config with errors changes nothing.
 */
import { isDeepStrictEqual } from 'node:util';
import type { TollgateConfig } from '../config/schema.js';
import { buildRoutingParts } from './build-routing-parts.js';
import type { GatewayContext } from './gateway-context.js';

const RESTART_ONLY = ['server', 'storage', 'ledger', 'redis', 'auth', 'budgets', 'budgetTimeZone', 'budgetOutputReserveTokens', 'budgetUnpricedReservationUsd', 'budgetReservationTtlMs', 'routing', 'telemetry'] as const;

export interface ReloadResult {
  /** Sections that differ from the running ones but wait for a restart. */
  needsRestart: string[];
}

export function reloadContext(current: GatewayContext, next: TollgateConfig, source: string): { context: GatewayContext; result: ReloadResult } {
  const needsRestart = RESTART_ONLY.filter((section) => !isDeepStrictEqual(current.config[section], next[section]));
  const merged: TollgateConfig = { ...next };
  for (const section of RESTART_ONLY) Object.assign(merged, { [section]: current.config[section] });
  const parts = buildRoutingParts(merged, current.router.runtime, current.now, source);
  return { context: { ...current, config: merged, ...parts }, result: { needsRestart } };
}
