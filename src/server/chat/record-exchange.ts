/** Hands an exchange to the ledger; a ledger problem is logged, never turned into a client error. */
import type { GatewayContext } from '../gateway-context.js';
import { buildLedgerRecord } from './build-ledger-record.js';
import type { Exchange } from './exchange.js';

export async function recordExchange(context: GatewayContext, exchange: Exchange): Promise<void> {
  try {
    await context.ledger.append(buildLedgerRecord(exchange, context.now()));
  } catch (error) {
    context.logger.error({ err: error, requestId: exchange.meta.requestId }, 'ledger append failed');
  }
}
