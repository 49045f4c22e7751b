/**
 * The steps every endpoint takes between reading a request and calling a provider, and after a
 * run in which no target answered: estimate it, route it, hold it to its policies; then record
 * a cancellation or answer the final failure.
 */
import type { RequestMetadata } from '../../core/request-metadata.js';
import type { VirtualKey } from '../../keys/index.js';
import { ANY_TARGET } from '../../pricing/index.js';
import type { AttemptLog } from '../../routing/attempt-log.js';
import { finalFailureError } from '../../routing/final-failure.js';
import type { RoutePlan } from '../../routing/route-plan.js';
import { admitRequest } from '../admission/admit-request.js';
import { usesTrailingSpend } from '../admission/uses-trailing-spend.js';
import type { GatewayContext } from '../gateway-context.js';
import type { ChatEnvelope, ClientDialect } from './client-dialect.js';
import type { Exchange } from './exchange.js';
import { recordExchange } from './record-exchange.js';
import { RequestEstimator } from './request-estimator.js';
import { routeContextFor } from './route-context-for.js';

export function estimatorFor(context: GatewayContext, dialect: ClientDialect['name'], envelope: ChatEnvelope, meta: RequestMetadata, options: { producesOutput?: boolean } = {}): RequestEstimator {
  return new RequestEstimator({
    priceBook: context.priceBook,
    dialect,
    envelope,
    atMs: meta.receivedAt.getTime(),
    ...(context.config.budgetOutputReserveTokens === undefined ? {} : { outputReserveTokens: context.config.budgetOutputReserveTokens }),
    ...(options.producesOutput === false ? { producesOutput: false } : {}),
    // What this feature's answers typically run to, whichever model served them: comparing
    // targets needs one expectation for all, not a learned figure for some and a bound for others.
    typicalOutputTokens: () => context.outputStats.summary(ANY_TARGET, meta.attribution.feature)?.mean,
  });
}

/** Routes the request and admits it; the exchange then holds its reservation and the route that serves it. */
export async function planAndAdmit(context: GatewayContext, exchange: Exchange, input: { key: VirtualKey | undefined; envelope: ChatEnvelope; estimator: RequestEstimator }): Promise<RoutePlan> {
  const { meta } = exchange;
  const routeContext = routeContextFor(meta, input.estimator, input.envelope.stream);
  const user = meta.attribution.user;
  if (user !== undefined && usesTrailingSpend(context.config)) {
    await context.policy.spend.prime(user);
    routeContext.userSpendLast24hPico = () => context.policy.spend.spendLast24hPico(user);
  }
  const admission = await admitRequest({
    config: context.config,
    policy: context.policy,
    meta,
    key: input.key,
    requested: input.envelope.model,
    plan: context.router.plan(input.envelope.model, routeContext),
    estimator: input.estimator,
    replan: (route) => context.router.plan(route, routeContext),
    nowMs: exchange.startedAtMs,
  });
  exchange.admission = admission;
  if (admission.downgradedFrom !== undefined) exchange.downgradedFrom = admission.downgradedFrom;
  exchange.route = admission.plan.route;
  return admission.plan;
}

/** No target answered: a client that left is recorded as cancelled; anyone else gets the final failure. */
export async function concludeFailedRun(context: GatewayContext, exchange: Exchange, attempts: readonly AttemptLog[], clientGone: AbortSignal): Promise<void> {
  if (!clientGone.aborted) throw finalFailureError(attempts, exchange.requestedModel);
  exchange.status = 'cancelled';
  exchange.httpStatus = 499;
  await recordExchange(context, exchange);
}
