/** A whole upstream JSON answer → the client, with the cost added into its usage and headers. */
import type { FastifyReply } from 'fastify';
import type { Usage } from '../../core/usage.js';
import type { Target } from '../../routing/target.js';
import type { GatewayContext } from '../gateway-context.js';
import { costHeaderValue, costMembersText } from '../relay/cost-fields.js';
import { spliceUsageCost } from '../relay/splice-usage-cost.js';
import type { Exchange } from './exchange.js';
import { baseHeaders, servedHeaders } from './exchange-headers.js';
import { priceTargetUsage } from './price-exchange.js';
import { recordExchange } from './record-exchange.js';
import type { SyncSuccess } from './upstream-attempt.js';

export interface SyncReading {
  usage: Usage | undefined;
  servedModel: string | undefined;
}

export async function respondSync(
  context: GatewayContext,
  reply: FastifyReply,
  exchange: Exchange,
  target: Target,
  upstream: SyncSuccess,
  reading: SyncReading,
  warnings: readonly string[],
): Promise<void> {
  exchange.usage = reading.usage;
  if (reading.servedModel) exchange.servedModel = reading.servedModel;
  exchange.cost = priceTargetUsage(context.priceBook, target, exchange.usage, exchange.startedAtMs);
  const text = spliceUsageCost(upstream.text, costMembersText(exchange.cost));
  exchange.responseBytes = Buffer.byteLength(text);
  exchange.endedAtMs = context.now();
  await recordExchange(context, exchange);
  void reply
    .code(upstream.status)
    .headers({ ...baseHeaders(exchange), ...servedHeaders(exchange, warnings), 'x-tollgate-cost-usd': costHeaderValue(exchange.cost) })
    .type('application/json')
    .send(text);
}
