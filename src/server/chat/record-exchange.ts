/** Hands an exchange to the ledger; a ledger problem is logged, never turned into a client error. */
import { cacheSavingsPico } from '../../telemetry/cache-savings.js';
import type { GatewayContext } from '../gateway-context.js';
import { buildLedgerRecord } from './build-ledger-record.js';
import { ANY_TARGET } from '../../pricing/index.js';
import type { Exchange } from './exchange.js';

export async function recordExchange(context: GatewayContext, exchange: Exchange): Promise<void> {
  try {
    const record = { ...buildLedgerRecord(exchange, context.now()), cacheSavingsPico: cacheSavingsPico(exchange.cost, exchange.usage) };
    context.telemetry.observe(record);
    if (exchange.status === 'ok' && exchange.target && exchange.usage) {
      context.outputStats.record(exchange.target.ref, exchange.meta.attribution.feature, exchange.usage.output.total);
      context.outputStats.record(ANY_TARGET, exchange.meta.attribution.feature, exchange.usage.output.total);
    }
    await context.ledger.append(record);
  } catch (error) {
    context.logger.error({ err: error, requestId: exchange.meta.requestId }, 'ledger append failed');
  }
}
