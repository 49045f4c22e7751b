/**
 * The end of every request, whichever way it ended: its ledger record, its metrics, what the
 * estimator learns from it, and the settlement of what it reserved against budgets and limits.
 * A problem here is logged, never turned into a client error.
 */
import type { LedgerRecord } from '../../ledger/ledger-record.js';
import { ANY_TARGET } from '../../pricing/index.js';
import { cacheSavingsPico } from '../../telemetry/cache-savings.js';
import type { GatewayContext } from '../gateway-context.js';
import { buildLedgerRecord } from './build-ledger-record.js';
import type { Exchange } from './exchange.js';

export async function recordExchange(context: GatewayContext, exchange: Exchange): Promise<void> {
  let record: LedgerRecord | undefined;
  try {
    record = { ...buildLedgerRecord(exchange, context.now()), cacheSavingsPico: cacheSavingsPico(exchange.cost, exchange.usage) };
    context.telemetry.observe(record);
    if (exchange.status === 'ok' && exchange.target && exchange.usage) {
      context.outputStats.record(exchange.target.ref, exchange.meta.attribution.feature, exchange.usage.output.total);
      context.outputStats.record(ANY_TARGET, exchange.meta.attribution.feature, exchange.usage.output.total);
    }
    await context.ledger.append(record);
  } catch (error) {
    context.logger.error({ err: error, requestId: exchange.meta.requestId }, 'ledger append failed');
  }
  if (exchange.admission && record) {
    const admission = exchange.admission;
    exchange.admission = undefined;
    try {
      await admission.settle(chargedPico(record), record.tokens.input + record.tokens.output, context.now());
    } catch (error) {
      context.logger.error({ err: error, requestId: exchange.meta.requestId }, 'budget settle failed; the reservation is released when it expires');
    }
  }
}

/**
 * What the request costs against budgets: its own cost when known; else, when no attempt could
 * have been billed (every one refused with an error status), nothing; else unknown, which keeps
 * the reservation charged.
 */
function chargedPico(record: LedgerRecord): bigint | null {
  if (record.cost.totalPico !== null) return record.cost.totalPico;
  let total = 0n;
  for (const attempt of record.attempts) {
    if (attempt.cost.totalPico === null) return null;
    total += attempt.cost.totalPico;
  }
  return total;
}
