/**
 * The shape of `tollgate.yaml`, validated at start. Money is written as decimal text
 * ("25.00"); a bare number is accepted and read by its decimal text, never as a float sum.
 */
import { z } from 'zod';
import { parseUsd } from '../core/money.js';
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

const routeSchema = z.strictObject({
  strategy: z.enum(['fallback', 'weighted', 'cheapest', 'fastest', 'conditional']).default('fallback'),
  targets: z.array(targetSchema).default([]),
  rules: z.array(z.strictObject({ when: conditionSchema, use: z.string().min(1) })).optional(),
  default: z.string().optional(),
  timeouts: z.strictObject({ firstTokenMs: positiveMs.optional(), totalMs: positiveMs.optional() }).optional(),
  retries: z.number().int().min(0).max(10).optional(),
  maxCostPerRequest: usdAmount.optional(),
  region: z.strictObject({ require: z.string().optional(), prefer: z.string().optional() }).optional(),
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
  auth: z.strictObject({ mode: z.enum(['open', 'keys']).default('open') }).prefault({}),
  storage: z.strictObject({ url: z.string().default('sqlite://./.tollgate/tollgate.db') }).prefault({}),
  redis: z.strictObject({ url: z.string() }).optional(),
  ledger: z
    .strictObject({
      durability: z.enum(['batched', 'strict']).default('batched'),
      flushIntervalMs: positiveMs.max(250).default(250),
      /** Where records wait when the store is slow or down, and where `strict` journals them. */
      journalDir: z.string().default('./.tollgate/journal'),
      maxQueuedRecords: z.number().int().positive().default(100_000),
      storeBodies: z.boolean().default(false),
      retentionDays: z.number().int().positive().optional(),
    })
    .prefault({}),
  providers: z.record(z.string().regex(/^[A-Za-z0-9_.-]+$/, 'a provider id is letters, digits, ".", "_" or "-" (no "/")'), providerSchema).default({}),
  routes: z.record(z.string().min(1), routeSchema).default({}),
  features: z.record(z.string(), z.strictObject({ maxCostPerRequest: usdAmount.optional() })).default({}),
  budgets: z.array(budgetSchema).default([]),
  budgetTimeZone: z.string().default('UTC'),
  budgetOutputReserveTokens: z.number().int().positive().optional(),
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
