/**
 * A whole upstream answer → the client, with the cost added into its usage and headers: relayed
 * byte for byte on the same-dialect lane, rendered in the client's dialect on the translation lane.
 */
import type { FastifyReply } from 'fastify';
import type { Usage } from '../../core/usage.js';
import type { Target } from '../../routing/target.js';
import type { GatewayContext } from '../gateway-context.js';
import { costHeaderValue, costMembersText } from '../relay/cost-fields.js';
import { spliceUsageCost } from '../relay/splice-usage-cost.js';
import type { ClientDialect } from './client-dialect.js';
import type { Exchange } from './exchange.js';
import { baseHeaders, servedHeaders } from './exchange-headers.js';
import { priceTargetUsage } from './price-exchange.js';
import { recordExchange } from './record-exchange.js';
import { sameDialectCall } from './same-dialect-call.js';
import type { SyncSuccess } from './upstream-attempt.js';

export interface SyncAnswer {
  /** Absent for endpoints without dialect translation (embeddings). */
  dialect?: ClientDialect;
  lane: 'passthrough' | 'translated';
  target: Target;
  upstream: SyncSuccess;
  warnings: readonly string[];
  /** Overrides how usage and the served model are read (embeddings). */
  reading?: { usage: Usage | undefined; servedModel: string | undefined; text?: string };
}

export async function respondSync(context: GatewayContext, reply: FastifyReply, exchange: Exchange, answer: SyncAnswer): Promise<void> {
  const { target, upstream } = answer;
  const adapter = target.provider.adapter;
  let text = upstream.text;
  if (answer.reading) {
    exchange.usage = answer.reading.usage;
    if (answer.reading.servedModel) exchange.servedModel = answer.reading.servedModel;
    if (answer.reading.text !== undefined) text = answer.reading.text;
  } else if (answer.lane === 'passthrough' || !answer.dialect) {
    const call = (answer.dialect ? sameDialectCall(answer.dialect, adapter) : undefined) ?? adapter.chat;
    exchange.usage = call.usageFromBody(upstream.json);
    const served = call.modelFromBody(upstream.json);
    if (served) exchange.servedModel = served;
    text = call.normalizeBody?.(upstream.json) ?? text;
  } else {
    const response = adapter.translated.parseResponse(upstream.json);
    exchange.usage = response.usage;
    if (response.model) exchange.servedModel = response.model;
    text = JSON.stringify(answer.dialect.renderResponse(response, response.usage));
  }
  exchange.cost = priceTargetUsage(context, target, exchange.usage, exchange.startedAtMs);
  const body = spliceUsageCost(text, costMembersText(exchange.cost));
  exchange.responseBytes = Buffer.byteLength(body);
  exchange.endedAtMs = context.now();
  await recordExchange(context, exchange);
  void reply
    .code(upstream.status)
    .headers({ ...baseHeaders(exchange), ...servedHeaders(exchange, answer.warnings), 'x-tollgate-cost-usd': costHeaderValue(exchange.cost) })
    .type('application/json')
    .send(body);
}
