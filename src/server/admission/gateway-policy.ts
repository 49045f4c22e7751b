/**
 * The policies a request is held to before it reaches a provider — virtual keys, budgets, rate
 * limits, alerts, trailing spend — built once from config: in memory for one instance, in Redis
 * when `redis.url` is set so that every instance shares one budget and one limit.
 */
import { Redis } from 'ioredis';
import type { FastifyBaseLogger } from 'fastify';
import type { TollgateConfig } from '../../config/schema.js';
import {
  AlertNotifier,
  budgetsFromConfig,
  LedgerSpendTracker,
  MemoryBudgetEngine,
  MemoryRateLimiter,
  RedisAlertDedupe,
  RedisBudgetEngine,
  RedisRateLimiter,
  storeSeedSource,
  type BudgetEngine,
  type RateLimiter,
  type SpendTracker,
} from '../../budgets/index.js';
import { StoreKeyService, type KeyService } from '../../keys/index.js';
import type { Store } from '../../store/store.js';

export interface GatewayPolicy {
  keys: KeyService;
  budgets: BudgetEngine;
  rateLimiter: RateLimiter;
  alerts: AlertNotifier;
  spend: SpendTracker;
  close(): Promise<void>;
}

export async function buildGatewayPolicy(config: TollgateConfig, store: Store, logger: FastifyBaseLogger, now: () => number): Promise<GatewayPolicy> {
  const seedSource = storeSeedSource(store);
  const unpricedReservationPico: Record<string, bigint> = {};
  for (const budget of config.budgets) if (budget.unpricedReservationUsd !== undefined) unpricedReservationPico[budget.name] = budget.unpricedReservationUsd;
  const keys = new StoreKeyService(store, { cacheTtlMs: config.auth.keyCacheTtlMs, now });
  const spend = new LedgerSpendTracker({ seedSource, now, onError: (error) => logger.warn({ err: error }, 'trailing spend refresh failed') });
  let redis: Redis | undefined;
  if (config.redis) {
    redis = new Redis(config.redis.url, { maxRetriesPerRequest: 2, lazyConnect: true });
    await redis.connect();
  }
  const prefix = config.redis?.keyPrefix;
  const alerts = new AlertNotifier({ logger, ...(redis ? { dedupe: new RedisAlertDedupe(redis, `${prefix ?? 'tollgate:'}{budgets}:alert:`) } : {}), now });
  const engineOptions = {
    budgets: budgetsFromConfig(config.budgets, { unpricedReservationPico }),
    timeZone: config.budgetTimeZone,
    seedSource,
    now,
    onAlerts: (events: Parameters<AlertNotifier['notify']>[0]) => alerts.notify(events),
    ...(config.budgetReservationTtlMs === undefined ? {} : { reservationTtlMs: config.budgetReservationTtlMs }),
  };
  const budgets: BudgetEngine = redis
    ? new RedisBudgetEngine({ ...engineOptions, redis, ...(prefix === undefined ? {} : { keyPrefix: `${prefix}{budgets}:` }) })
    : new MemoryBudgetEngine(engineOptions);
  const rateLimiter: RateLimiter = redis ? new RedisRateLimiter(redis, { now, ...(prefix === undefined ? {} : { keyPrefix: `${prefix}{rates}:` }) }) : new MemoryRateLimiter(now);
  return {
    keys,
    budgets,
    rateLimiter,
    alerts,
    spend,
    async close() {
      await alerts.close();
      await budgets.close();
      await rateLimiter.close();
      if (redis) await redis.quit().catch(() => undefined);
    },
  };
}
