/**
 * Budgets, cost caps, rate limits and trailing spend: what the request path calls before and after a
 * provider call. Pick the memory implementations for one instance and the Redis ones when several share
 * `redis.url`.
 */
export type { BudgetEngine, BudgetEngineOptions, BudgetExceeded, Reservation, ReserveRequest, ReserveResult, SettleResult } from './budget-engine.js';
export { MemoryBudgetEngine } from './memory-budget-engine.js';
export { RedisBudgetEngine, DEFAULT_BUDGET_KEY_PREFIX } from './redis-budget-engine.js';
export type { RedisBudgetEngineOptions } from './redis-budget-engine.js';
export { budgetExceededError, unpricedModelError } from './budget-errors.js';
export { applicableBudgets, budgetsFromConfig, keyBudgetDefinition } from './budget-scope.js';
export type { ApplicableBudget, BudgetAttribution, BudgetDefinition, BudgetExtras } from './budget-scope.js';
export { parseBudgetPeriod } from './budget-period.js';
export type { BudgetPeriod } from './budget-period.js';
export { assertTimeZone } from './budget-window.js';
export { storeSeedSource } from './budget-seed-source.js';
export type { BudgetSeedSource } from './budget-seed-source.js';
export type { BudgetAlertEvent, BudgetAlertData } from './budget-alert-events.js';
export { AlertNotifier } from './budget-alerts.js';
export type { AlertNotifierOptions } from './budget-alerts.js';
export { MemoryAlertDedupe, RedisAlertDedupe } from './alert-dedupe.js';
export type { AlertDedupe } from './alert-dedupe.js';
export { signWebhook, verifyWebhookSignature } from './webhook-signature.js';
export { checkCostCaps, costCapsFor } from './cost-cap.js';
export type { CostCap, CostCapDecision, CostCapSources } from './cost-cap.js';
export { rateLimitRulesFor } from './rate-limiter.js';
export type { RateLimitDecision, RateLimiter, RateLimitRequest, RateLimitRule, RateLimitTicket } from './rate-limiter.js';
export { MemoryRateLimiter } from './memory-rate-limiter.js';
export { RedisRateLimiter } from './redis-rate-limiter.js';
export { LedgerSpendTracker } from './spend-tracker.js';
export type { SpendTracker, SpendTrackerOptions } from './spend-tracker.js';
