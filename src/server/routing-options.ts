/** Config `routing` and per-route reliability settings → the routing runtime's plain options. */
import type { TollgateConfig } from '../config/schema.js';
import type { RouteReliability } from '../routing/route-plan.js';
import type { RoutingRuntimeOptions } from '../routing/routing-runtime.js';

export function routingRuntimeOptions(config: TollgateConfig, onError?: (error: unknown) => void): RoutingRuntimeOptions {
  const routing = config.routing;
  const options: RoutingRuntimeOptions = {};
  if (routing.breaker) options.breaker = withoutUndefined(routing.breaker);
  if (routing.rateLimitCooldownMs !== undefined) options.rateLimitCooldownMs = routing.rateLimitCooldownMs;
  if (routing.concurrencyMaxWaitMs !== undefined) options.concurrencyMaxWaitMs = routing.concurrencyMaxWaitMs;
  if (routing.retryBaseMs !== undefined) options.retryBaseMs = routing.retryBaseMs;
  if (routing.retryMaxMs !== undefined) options.retryMaxMs = routing.retryMaxMs;
  if (routing.latency) options.latency = withoutUndefined(routing.latency);
  if (routing.redisKeyPrefix !== undefined) options.redisKeyPrefix = routing.redisKeyPrefix;
  if (routing.redisRefreshIntervalMs !== undefined) options.redisRefreshIntervalMs = routing.redisRefreshIntervalMs;
  if (config.redis) options.redis = { url: config.redis.url };
  if (onError) options.onError = onError;
  return options;
}

export function routeReliabilityOf(config: TollgateConfig): Record<string, RouteReliability> {
  const reliability: Record<string, RouteReliability> = {};
  for (const [name, route] of Object.entries(config.routes)) {
    const entry: RouteReliability = {};
    if (route.fallbackOn) entry.fallbackOn = route.fallbackOn;
    if (route.hedgeAfterMs !== undefined) entry.hedgeAfterMs = route.hedgeAfterMs;
    reliability[name] = entry;
  }
  return reliability;
}

/** Drops keys whose value is undefined, so that an unset option keeps its default when spread. */
function withoutUndefined<T extends object>(value: T): Partial<{ [K in keyof T]: Exclude<T[K], undefined> }> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<{ [K in keyof T]: Exclude<T[K], undefined> }>;
}
