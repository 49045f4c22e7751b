/**
 * POST /v1/estimate: what a chat request would cost, before sending it — for each target its route
 * could serve it from, the expected cost (typical output) and the worst case (output at its bound),
 * itemised, with the prices used and where they come from.
 */
import type { FastifyInstance } from 'fastify';
import { formatUsd } from '../../core/money.js';
import type { CostBreakdown } from '../../pricing/index.js';
import { attributeToKey, identifyClient } from '../admission/identify-client.js';
import { routeContextFor } from '../chat/route-context-for.js';
import { estimatorFor } from '../chat/plan-exchange.js';
import { openAIClientDialect } from '../dialects/openai/openai-client-dialect.js';
import type { GatewayContext } from '../gateway-context.js';
import { readRequestMetadata } from '../read-request-metadata.js';

export function registerEstimateRoute(app: FastifyInstance, getContext: () => GatewayContext): void {
  app.post('/v1/estimate', async (request) => {
    const context = getContext();
    const nowMs = context.now();
    const key = await identifyClient(context, request.headers);
    const envelope = openAIClientDialect.readEnvelope(request.body);
    const meta = readRequestMetadata(request.headers, envelope.body, { requestId: request.id, receivedAt: new Date(nowMs), dialect: 'openai' });
    attributeToKey(meta, key);
    const estimator = estimatorFor(context, 'openai', envelope, meta);
    const plan = context.router.plan(envelope.model, routeContextFor(meta, estimator, envelope.stream));
    return {
      object: 'estimate',
      model: envelope.model,
      route: plan.route,
      candidates: plan.candidates.map((target) => ({
        target: target.ref,
        input_tokens: estimator.inputTokens(target.provider.account.type, target.pricedModel),
        output_tokens: { expected: estimator.expectedOutputTokens(target), bound: estimator.outputBound(target) },
        expected: costJson(estimator.expected(target)),
        worst_case: costJson(estimator.worstCase(target)),
      })),
      excluded: (plan.excluded ?? []).map((entry) => ({ target: entry.target.ref, reason: entry.reason, message: entry.message })),
    };
  });
}

function costJson(cost: CostBreakdown): Record<string, unknown> {
  const details: Record<string, string> = {};
  for (const [line, amount] of Object.entries(cost.lines)) if (typeof amount === 'bigint') details[line] = formatUsd(amount);
  const source = cost.source;
  return {
    cost_usd: cost.totalPico === null ? null : formatUsd(cost.totalPico),
    cost_details: details,
    cost_status: cost.status,
    price_source: source === null ? null : source.kind === 'catalog' ? `${source.catalog}@${source.version} ${source.providerId}/${source.modelId}` : `config ${source.path}`,
    explanation: cost.explanation,
    warnings: cost.warnings,
  };
}
