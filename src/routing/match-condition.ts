/** Whether a conditional route rule's `when` holds for a request: every field given must match. */
import type { RouteConfig } from '../config/schema.js';
import type { RouteContext } from './route-context.js';

type Condition = NonNullable<RouteConfig['rules']>[number]['when'];

export function matchesCondition(condition: Condition, context: RouteContext): boolean {
  const { attribution } = context;
  if (condition.user !== undefined && !oneOf(condition.user, attribution.user)) return false;
  if (condition.team !== undefined && !oneOf(condition.team, attribution.team)) return false;
  if (condition.feature !== undefined && !oneOf(condition.feature, attribution.feature)) return false;
  if (condition.key !== undefined && !oneOf(condition.key, attribution.keyId)) return false;
  if (condition.region !== undefined && !oneOf(condition.region, context.region)) return false;
  if (condition.tag !== undefined) {
    const wanted = Array.isArray(condition.tag) ? condition.tag : [condition.tag];
    if (!wanted.some((tag) => attribution.tags.includes(tag))) return false;
  }
  if (condition.tier !== undefined && condition.tier !== context.tier) return false;
  if (condition.hasImages !== undefined && (context.hasImages?.() ?? false) !== condition.hasImages) return false;
  if (condition.inputTokens !== undefined && !compare(condition.inputTokens, context.inputTokens?.())) return false;
  if (condition.estimatedCostUsd !== undefined && !compare(condition.estimatedCostUsd, context.estimatedCostPico?.())) return false;
  if (condition.spendLast24hUsd !== undefined && !compare(condition.spendLast24hUsd, context.userSpendLast24hPico?.())) return false;
  return true;
}

function oneOf(wanted: string | string[], actual: string | undefined): boolean {
  if (actual === undefined) return false;
  return Array.isArray(wanted) ? wanted.includes(actual) : wanted === actual;
}

interface Bounds<T> {
  gt?: T | undefined;
  gte?: T | undefined;
  lt?: T | undefined;
  lte?: T | undefined;
}

/** Money (bigint picodollars) and token counts (numbers) compare alike; never across the two. */
function compare<T extends bigint | number>(comparison: Bounds<T>, value: T | undefined): boolean {
  if (value === undefined) return false;
  if (comparison.gt !== undefined && !(value > comparison.gt)) return false;
  if (comparison.gte !== undefined && !(value >= comparison.gte)) return false;
  if (comparison.lt !== undefined && !(value < comparison.lt)) return false;
  if (comparison.lte !== undefined && !(value <= comparison.lte)) return false;
  return true;
}
