/**
 * The shape of `tollgate.yaml`, validated at start. Money is written as decimal text
 * ("25.00"); a bare number is accepted and read by its decimal text, never as a float sum.
 */
import { z } from 'zod';
import { parseUsd } from '../core/money.js';
import { UPSTREAM_ERROR_CLASSES } from '../core/upstream-failure.js';
import { priceCardsValueSchema } from '../pricing/config-price-cards.js';

const usdAmount = z
  .union([z.string(), z.number()])
  .transform((value, context) => {
    try {
      return parseUsd(String(value));
    } catch (error) {
      context.addIssue({ code: 'custom', message: `not a USD amount: ${error instanceof Error ? error.message : String(error)}` });
      return z.NEVER;
    }
  });

const positiveMs = z.number().int().positive();

const JSON_PATH_PATTERN = /^(?:[A-Za-z0-9_$-]+|\*)(?:\[(?:\d+|\*)\])*(?:\.(?:[A-Za-z0-9_$-]+|\*)(?:\[(?:\d+|\*)\])*)*$/;

const regexSource = z.string().min(1).refine((source) => {
  try {
    new RegExp(source, 'g');
    return true;
  } catch {
    return false;
  }
}, 'not a valid regular expression');

const timeoutsSchema = z.strictObject({
  connectMs: positiveMs.optional(),
  firstByteMs: positiveMs.optional(),
  totalMs: positiveMs.optional(),
});

const providerSchema = z.strictObject({
  type: z.string().min(1),
  apiKey: z.string().optional(),
  baseUrl: z.url({ protocol: /^https?$/ }).optional(),
  region: z.string().optional(),
  maxConcurrent: z.number().int().positive().optional(),
  timeouts: timeoutsSchema.optional(),
  /** Extra headers sent upstream (organisation ids, gateway tokens). */
  headers: z.record(z.string(), z.string()).optional(),
  /** Models this account serves; when absent, every model the catalog prices for this provider type. */
  models: z.array(z.string().min(1)).optional(),
  /** Azure-style deployment names mapped to the model they run (for pricing). */
  deployments: z.record(z.string(), z.string()).optional(),
  apiVersion: z.string().optional(),
  /** Default for Anthropic's required max_tokens when a translated request sets none. */
  defaultMaxTokens: z.number().int().positive().optional(),
});

const weightedTargetSchema = z.strictObject({ target: z.string().min(1), weight: z.number().positive().default(1) });
const targetSchema = z.union([z.string().min(1), weightedTargetSchema]);

const comparisonSchema = z.strictObject({
  gt: usdAmount.optional(),
  gte: usdAmount.optional(),
  lt: usdAmount.optional(),
  lte: usdAmount.optional(),
});

const conditionSchema = z.strictObject({
  user: z.union([z.string(), z.array(z.string())]).optional(),
  team: z.union([z.string(), z.array(z.string())]).optional(),
  feature: z.union([z.string(), z.array(z.string())]).optional(),
  tag: z.union([z.string(), z.array(z.string())]).optional(),
  key: z.union([z.string(), z.array(z.string())]).optional(),
  region: z.union([z.string(), z.array(z.string())]).optional(),
  tier: z.enum(['instant', 'standard', 'deferred']).optional(),
  estimatedCostUsd: comparisonSchema.optional(),
  inputTokens: z.strictObject({ gt: z.number().optional(), gte: z.number().optional(), lt: z.number().optional(), lte: z.number().optional() }).optional(),
  hasImages: z.boolean().optional(),
  spendLast24hUsd: comparisonSchema.optional(),
});

const rateLimitSchema = z.strictObject({ rpm: z.number().int().positive().optional(), tpm: z.number().int().positive().optional() });

const routeSchema = z.strictObject({
  strategy: z.enum(['fallback', 'weighted', 'cheapest', 'fastest', 'conditional']).default('fallback'),
  targets: z.array(targetSchema).default([]),
  rules: z.array(z.strictObject({ when: conditionSchema, use: z.string().min(1) })).optional(),
  default: z.string().optional(),
  timeouts: z.strictObject({ firstTokenMs: positiveMs.optional(), totalMs: positiveMs.optional() }).optional(),
  retries: z.number().int().min(0).max(10).optional(),
  maxCostPerRequest: usdAmount.optional(),
  region: z.strictObject({ require: z.string().optional(), prefer: z.string().optional() }).optional(),
  /** Failure classes that move on to the next target (default: rate limit, overload, 5xx, timeout, connection, auth). */
  fallbackOn: z.array(z.enum(UPSTREAM_ERROR_CLASSES)).optional(),
  /** Start the next target alongside one that has not answered after this long; first answer wins. */
  hedgeAfterMs: positiveMs.optional(),
  /** Over maxCostPerRequest: serve from this route instead of refusing. */
  onExceed: z.strictObject({ downgradeTo: z.string().min(1) }).optional(),
  rateLimit: rateLimitSchema.optional(),
});

const budgetSchema = z.strictObject({
  name: z.string().min(1),
  scope: z.strictObject({
    global: z.literal(true).optional(),
    team: z.string().optional(),
    user: z.string().optional(),
    key: z.string().optional(),
    feature: z.string().optional(),
    tag: z.string().optional(),
  }),
  limitUsd: usdAmount,
  period: z.union([z.enum(['day', 'week', 'month', 'lifetime']), z.string().regex(/^\d+[hd]$/, 'a rolling window is written like "24h" or "7d"')]),
  action: z.enum(['reject', 'downgrade', 'alert']).default('reject'),
  to: z.string().optional(),
  /** Requests to models without a price are refused under this budget unless it states what to reserve for them. */
  unpricedReservationUsd: usdAmount.optional(),
  alert: z.strictObject({ webhook: z.url(), secret: z.string().optional(), thresholds: z.array(z.number().positive()).default([0.5, 0.8, 1]) }).optional(),
});

export const configSchema = z.strictObject({
  server: z
    .strictObject({
      port: z.number().int().min(0).max(65535).default(4100),
      host: z.string().default('127.0.0.1'),
      adminKey: z.string().min(1).optional(),
      bodyLimitMb: z.number().positive().max(1024).default(20),
      cors: z.strictObject({ origins: z.array(z.string()).default([]) }).default({ origins: [] }),
      /** SSE comment sent when a stream has been silent this long, so proxies keep it open. */
      sseKeepAliveMs: positiveMs.default(15_000),
      /** How long SIGTERM waits for in-flight requests before closing anyway. */
      shutdownGraceMs: positiveMs.default(30_000),
    })
    .prefault({}),
  auth: z
    .strictObject({
      mode: z.enum(['open', 'keys']).default('open'),
      /** How long a verified key is trusted before it is looked up again (revocation reaches other instances within this). */
      keyCacheTtlMs: z.number().int().min(0).max(60_000).default(1000),
    })
    .prefault({}),
  storage: z.strictObject({ url: z.string().default('sqlite://./.tollgate/tollgate.db') }).prefault({}),
  redis: z.strictObject({ url: z.string(), keyPrefix: z.string().optional() }).optional(),
  ledger: z
    .strictObject({
      durability: z.enum(['batched', 'strict']).default('batched'),
      flushIntervalMs: positiveMs.max(250).default(250),
      /** Where records wait when the store is slow or down, and where `strict` journals them. */
      journalDir: z.string().default('./.tollgate/journal'),
      maxQueuedRecords: z.number().int().positive().default(100_000),
      /** Keep request and response bodies (table `request_bodies`), redacted by `redactBodies`, cut at `maxStoredBodyBytes`. */
      storeBodies: z.boolean().default(false),
      redactBodies: z
        .strictObject({
          /** JSON paths whose values are replaced: `messages[*].content`, `metadata.email`, `*` matching any key. */
          jsonPaths: z.array(z.string().regex(JSON_PATH_PATTERN, 'a JSON path is keys joined by "." with optional [n] or [*]')).default([]),
          /** Regular expressions (JavaScript syntax) whose matches are replaced anywhere in a stored body. */
          patterns: z.array(regexSource).default([]),
          replacement: z.string().default('[redacted]'),
        })
        .prefault({}),
      maxStoredBodyBytes: z.number().int().positive().default(262_144),
      /** Raw ledger rows older than this are deleted (hourly); the hourly rollups behind /v1/usage are kept. */
      retentionDays: z.number().int().positive().optional(),
    })
    .prefault({}),
  telemetry: z
    .strictObject({
      /** OpenTelemetry traces over OTLP/HTTP (JSON); off when absent, and then the SDK is not even loaded. */
      otlp: z
        .strictObject({
          /** The collector's base URL (`http://collector:4318`) or its full traces URL (`…/v1/traces`). */
          endpoint: z.url({ protocol: /^https?$/ }),
          headers: z.record(z.string(), z.string()).optional(),
          serviceName: z.string().min(1).default('tollgate'),
        })
        .optional(),
      metrics: z.strictObject({ enabled: z.boolean().default(true) }).prefault({}),
    })
    .prefault({}),
  providers: z.record(z.string().regex(/^[A-Za-z0-9_.-]+$/, 'a provider id is letters, digits, ".", "_" or "-" (no "/")'), providerSchema).default({}),
  routes: z.record(z.string().min(1), routeSchema).default({}),
  features: z
    .record(z.string(), z.strictObject({ maxCostPerRequest: usdAmount.optional(), onExceed: z.strictObject({ downgradeTo: z.string().min(1) }).optional() }))
    .default({}),
  /** Per-team limits: requests and tokens per minute, shared by every key and user of the team. */
  teams: z.record(z.string(), rateLimitSchema).default({}),
  routing: z
    .strictObject({
      breaker: z
        .strictObject({
          consecutiveFailures: z.number().int().positive().optional(),
          failureRate: z.number().gt(0).max(1).optional(),
          minimumRequests: z.number().int().positive().optional(),
          windowMs: positiveMs.optional(),
          windowBuckets: z.number().int().positive().max(600).optional(),
          openMs: positiveMs.optional(),
          halfOpenProbes: z.number().int().positive().optional(),
          probeTimeoutMs: positiveMs.optional(),
        })
        .optional(),
      /** Cooldown after a 429 that named no Retry-After. */
      rateLimitCooldownMs: z.number().int().min(0).optional(),
      /** How long a request waits for a provider's maxConcurrent slot before moving on. */
      concurrencyMaxWaitMs: z.number().int().min(0).optional(),
      retryBaseMs: positiveMs.optional(),
      retryMaxMs: positiveMs.optional(),
      latency: z.strictObject({ alpha: z.number().gt(0).max(1).optional(), explorationRate: z.number().min(0).max(1).optional() }).optional(),
      redisKeyPrefix: z.string().optional(),
      redisRefreshIntervalMs: positiveMs.optional(),
    })
    .prefault({}),
  budgets: z.array(budgetSchema).default([]),
  budgetTimeZone: z.string().default('UTC'),
  budgetOutputReserveTokens: z.number().int().positive().optional(),
  /** What a virtual key's own budget reserves for a request to a model without a price; unset: such requests are refused. */
  budgetUnpricedReservationUsd: usdAmount.optional(),
  /** A reservation whose request never settled (its instance died) is released after this long. */
  budgetReservationTtlMs: positiveMs.optional(),
  pricing: z
    .strictObject({
      /** Per-model price overrides in USD per million tokens, keyed `provider/model` or `model`. */
      overrides: z.record(z.string(), z.record(z.string(), z.union([z.string(), z.number()]))).default({}),
      /** Service-tier price rules per provider type and tier: a multiplier of standard, or per-model prices. */
      serviceTierRules: z
        .record(
          z.string(),
          z.record(
            z.string(),
            z.strictObject({
              multiplier: z.union([z.string(), z.number()]).optional(),
              modelPrices: z.record(z.string(), z.record(z.string(), z.union([z.string(), z.number()]))).optional(),
            }),
          ),
        )
        .default({}),
      /** Volume-tier and streaming price cards, keyed `provider/model`, `provider/*`, `model` or `*`. */
      priceCards: z.record(z.string(), priceCardsValueSchema).default({}),
    })
    .prefault({}),
});

export type ConfigInput = z.input<typeof configSchema>;
export type TollgateConfig = z.output<typeof configSchema>;
export type ProviderConfig = TollgateConfig['providers'][string];
export type RouteConfig = TollgateConfig['routes'][string];
export type BudgetConfig = TollgateConfig['budgets'][number];
export type TargetConfig = RouteConfig['targets'][number];
