/**
 * How a cost is written into responses: members of the `usage` object, the response header, and
 * the SSE comment for streams whose client did not ask for usage. Amounts are written as exact
 * decimal text, never through a binary float.
 */
import { formatUsd } from '../../core/money.js';
import type { CostBreakdown } from '../../pricing/index.js';

export function costMembersText(cost: CostBreakdown): string {
  if (cost.totalPico === null) return `"cost":null,"cost_details":null,"cost_status":${JSON.stringify(cost.status)}`;
  const lines = Object.entries(cost.lines)
    .filter((entry): entry is [string, bigint] => typeof entry[1] === 'bigint')
    .map(([name, amount]) => `${JSON.stringify(name)}:${formatUsd(amount)}`)
    .join(',');
  const estimate = cost.catalogEstimatePico === undefined ? '' : `,"cost_catalog_estimate":${cost.catalogEstimatePico === null ? 'null' : formatUsd(cost.catalogEstimatePico)}`;
  return `"cost":${formatUsd(cost.totalPico)},"cost_details":{${lines}},"cost_status":${JSON.stringify(cost.status)}${estimate}`;
}

export function costHeaderValue(cost: CostBreakdown): string {
  return cost.totalPico === null ? 'unknown' : formatUsd(cost.totalPico);
}

export function costCommentEvent(requestId: string, cost: CostBreakdown): string {
  const payload = { request_id: requestId, cost_usd: costHeaderValue(cost), cost_status: cost.status };
  return `: tollgate ${JSON.stringify(payload)}\n\n`;
}
