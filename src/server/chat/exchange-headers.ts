/** The x-tollgate-* headers that say who served a request and what it cost. */
import type { Exchange } from './exchange.js';

export function baseHeaders(exchange: Exchange): Record<string, string> {
  return {
    'x-tollgate-request-id': exchange.meta.requestId,
    ...(exchange.route ? { 'x-tollgate-route': exchange.route } : {}),
    ...(exchange.downgradedFrom !== undefined ? { 'x-tollgate-downgraded-from': exchange.downgradedFrom } : {}),
  };
}

export function servedHeaders(exchange: Exchange, warnings: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {
    'x-tollgate-provider': exchange.target?.provider.account.id ?? '',
    'x-tollgate-model': exchange.servedModel ?? exchange.target?.model ?? '',
    'x-tollgate-attempts': String(exchange.attempts.filter((log) => log.outcome !== 'skipped').length),
  };
  if (warnings.length > 0) headers['x-tollgate-warning'] = warnings.join('; ').replace(/[\r\n]+/g, ' ');
  return headers;
}
