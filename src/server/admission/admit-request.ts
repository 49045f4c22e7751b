/**
 * Holding a request to its policies before any provider call, in order: may this key use it (403),
 * is it within its rate limits (429), is its worst case within the per-request caps (402 or a
 * cheaper route), and can its worst case be reserved against every budget that applies (402, a
 * cheaper route, or an alert). What was reserved is settled to the actual cost when it ends.
 */
import type { TollgateConfig } from '../../config/schema.js';
import { TollgateError } from '../../core/errors.js';
import type { RequestMetadata } from '../../core/request-metadata.js';
import { budgetExceededError, checkCostCaps, costCapsFor, keyBudgetDefinition, rateLimitRulesFor, unpricedModelError, type RateLimitTicket, type Reservation } from '../../budgets/index.js';
import type { VirtualKey } from '../../keys/index.js';
import type { RoutePlan } from '../../routing/route-plan.js';
import { assertAllowed, isAllowed } from '../auth/index.js';
import type { RequestEstimator } from '../chat/request-estimator.js';
import type { GatewayPolicy } from './gateway-policy.js';

export interface AdmissionInput {
  config: TollgateConfig;
  policy: GatewayPolicy;
  meta: RequestMetadata;
  key: VirtualKey | undefined;
  /** The `model` the client asked for. */
  requested: string;
  plan: RoutePlan;
  estimator: RequestEstimator;
  /** Plans a route by name, for downgrades. */
  replan: (route: string) => RoutePlan;
  nowMs: number;
}

export interface Admission {
  plan: RoutePlan;
  /** Set when a cap or budget sent the request to a cheaper route: the route it asked for. */
  downgradedFrom?: string;
  /** Settles the reservation and the rate-limit tokens to what the request really cost and used. */
  settle(actualPico: bigint | null, actualTokens: number, nowMs: number): Promise<void>;
}

export async function admitRequest(input: AdmissionInput): Promise<Admission> {
  const { config, policy, meta, key } = input;
  let plan = input.plan;
  if (key) assertKeyMayUse(key, input.requested, plan);

  const ticket = await admitRate(input, plan);
  let downgradedFrom: string | undefined;
  let reservation: Reservation | undefined;
  try {
    const downgradeForCap = checkCaps(input, plan);
    if (downgradeForCap) {
      downgradedFrom = plan.route ?? input.requested;
      plan = input.replan(downgradeForCap);
      const again = checkCaps(input, plan);
      if (again) {
        throw new TollgateError('cost_cap_exceeded', `this request's worst case is over the per-request cost cap, and so is the route "${downgradeForCap}" it would be downgraded to; lower max_tokens or shorten the prompt`, { isRetryable: false });
      }
    }
    const keyBudget = key?.budgetPico != null && key.budgetPeriod ? keyBudgetDefinition({ keyId: key.id, limitPico: key.budgetPico, period: key.budgetPeriod, ...(config.budgetUnpricedReservationUsd === undefined ? {} : { unpricedReservationPico: config.budgetUnpricedReservationUsd }) }) : undefined;
    if (config.budgets.length > 0 || keyBudget) {
      const attribution = { ...meta.attribution, ...(key ? { keyId: key.id } : {}) };
      let result = await policy.budgets.reserve({ requestId: meta.requestId, attribution, ...(keyBudget ? { keyBudget } : {}), amountPico: worstCasePico(input.estimator, plan), now: input.nowMs });
      if (result.status === 'exceeded' && result.exceeded.action === 'downgrade' && result.exceeded.downgradeTo) {
        downgradedFrom ??= plan.route ?? input.requested;
        plan = input.replan(result.exceeded.downgradeTo);
        result = await policy.budgets.reserve({ requestId: meta.requestId, attribution, ...(keyBudget ? { keyBudget } : {}), amountPico: worstCasePico(input.estimator, plan), now: input.nowMs, isDowngraded: true });
      }
      if (result.status === 'unpriced') throw unpricedModelError(plan.candidates[0]?.ref ?? input.requested, result.budgets);
      if (result.status === 'exceeded') throw budgetExceededError(result.exceeded);
      reservation = result.reservation;
    }
  } catch (error) {
    await ticket?.settle(0, input.nowMs);
    throw error;
  }
  const user = meta.attribution.user;
  const createdAtMs = meta.receivedAt.getTime();
  return {
    plan,
    ...(downgradedFrom === undefined ? {} : { downgradedFrom }),
    async settle(actualPico, actualTokens, nowMs) {
      await Promise.all([reservation?.settle(actualPico, nowMs), ticket?.settle(actualTokens, nowMs)]);
      if (user !== undefined && actualPico !== null && actualPico > 0n) policy.spend.record(user, actualPico, createdAtMs, nowMs);
    },
  };
}

function assertKeyMayUse(key: VirtualKey, requested: string, plan: RoutePlan): void {
  const route = plan.route ?? undefined;
  if (route !== undefined) return assertAllowed(key, requested, route);
  // A direct request may name a bare model: the key may list it bare or as provider/model.
  const resolved = plan.candidates[0]?.ref;
  if (resolved !== undefined && isAllowed(key, resolved, undefined)) return;
  assertAllowed(key, requested, undefined);
}

async function admitRate(input: AdmissionInput, plan: RoutePlan): Promise<RateLimitTicket | undefined> {
  const { key, config, meta } = input;
  const team = meta.attribution.team;
  const teamLimits = team === undefined ? undefined : config.teams[team];
  const routeLimits = plan.route === null ? undefined : config.routes[plan.route]?.rateLimit;
  const rules = rateLimitRulesFor({
    ...(key ? { key: { id: key.id, rpm: key.rpm, tpm: key.tpm } } : {}),
    ...(team !== undefined && teamLimits ? { team: { name: team, ...teamLimits } } : {}),
    ...(plan.route !== null && routeLimits ? { route: { name: plan.route, ...routeLimits } } : {}),
  });
  if (rules.length === 0) return undefined;
  const first = plan.candidates[0];
  const estimatedTokens = input.estimator.inputTokens() + (first ? input.estimator.outputBound(first) : 0);
  const decision = await input.policy.rateLimiter.admit({ requestId: meta.requestId, rules, estimatedTokens, now: input.nowMs });
  if (decision.status === 'limited') throw decision.error;
  return decision.ticket;
}

/** The route to downgrade to when a cap says so; throws when a cap refuses. */
function checkCaps(input: AdmissionInput, plan: RoutePlan): string | undefined {
  const { config, key, meta } = input;
  const route = plan.route === null ? undefined : config.routes[plan.route];
  const feature = meta.attribution.feature === undefined ? undefined : config.features[meta.attribution.feature];
  const caps = costCapsFor({
    ...(key ? { key: { id: key.id, maxCostPerRequestPico: key.maxCostPerRequestPico } } : {}),
    ...(plan.route !== null && route ? { route: { name: plan.route, maxCostPerRequest: route.maxCostPerRequest, ...(route.onExceed ? { downgradeTo: route.onExceed.downgradeTo } : {}) } } : {}),
    ...(meta.attribution.feature !== undefined && feature
      ? { feature: { name: meta.attribution.feature, maxCostPerRequest: feature.maxCostPerRequest, ...(feature.onExceed ? { downgradeTo: feature.onExceed.downgradeTo } : {}) } }
      : {}),
  });
  if (caps.length === 0) return undefined;
  const decision = checkCostCaps(worstCasePico(input.estimator, plan), caps, plan.candidates[0]?.ref ?? input.requested);
  if (decision.status === 'reject') throw decision.error;
  return decision.status === 'downgrade' ? decision.downgradeTo : undefined;
}

/**
 * The most the request can cost on any target it may be served from (a fallback may be dearer
 * than the first choice); null when one of them has no price, since it could not be bounded.
 */
function worstCasePico(estimator: RequestEstimator, plan: RoutePlan): bigint | null {
  let worst: bigint | null = 0n;
  for (const target of plan.candidates) {
    const estimate = estimator.worstCase(target).totalPico;
    if (estimate === null) return null;
    if (worst === null || estimate > worst) worst = estimate;
  }
  return worst;
}
