/** The client-facing errors of budgets: 402 naming the budget, and 400 for a model without a price. */
import { formatUsd } from '../core/money.js';
import { TollgateError } from '../core/errors.js';
import type { BudgetExceeded } from './budget-engine.js';

/** 402 `budget_exceeded`: names the budget, its limit, what is spent and held, and when it resets. */
export function budgetExceededError(exceeded: BudgetExceeded): TollgateError {
  const scope = exceeded.scopeValue === null ? 'global' : `${exceeded.scopeKind} "${exceeded.scopeValue}"`;
  const held = exceeded.reservedPico > 0n ? `, $${formatUsd(exceeded.reservedPico)} held by requests in flight` : '';
  const message =
    `budget "${exceeded.budget}" (${scope}, ${exceeded.period}) would be exceeded: limit $${formatUsd(exceeded.limitPico)}, ` +
    `spent $${formatUsd(exceeded.spentPico)}${held}, and this request may cost up to $${formatUsd(exceeded.requestedPico)}. ` +
    `${resetText(exceeded)} Lower max_tokens to reserve less, or raise the budget's limit.`;
  const headers: Record<string, string> = { 'x-tollgate-budget': exceeded.budget };
  if (exceeded.resetAt) headers['x-tollgate-budget-reset'] = exceeded.resetAt.toISOString();
  return new TollgateError('budget_exceeded', message, { headers, isRetryable: false });
}

function resetText(exceeded: BudgetExceeded): string {
  if (exceeded.period === 'lifetime') return 'A lifetime budget never resets.';
  if (exceeded.resetAt === null) return 'Room comes back as requests in flight finish.';
  if (/^\d+[hd]$/.test(exceeded.period)) return `Spend starts leaving the rolling window at ${exceeded.resetAt.toISOString()}.`;
  return `It resets at ${exceeded.resetAt.toISOString()}.`;
}

/** 400 `unpriced_model`: a model without a price cannot be held to a budget unless config says what to reserve. */
export function unpricedModelError(model: string, budgets: readonly string[]): TollgateError {
  const names = budgets.map((name) => `"${name}"`).join(', ');
  return new TollgateError(
    'unpriced_model',
    `model "${model}" has no price, so Tollgate cannot hold it to budget ${names}. ` +
      `Give it a price in pricing.overrides (USD per million tokens, e.g. input: "0.15", output: "0.60"), ` +
      `or allow unpriced requests under the budget with a stated per-request reservation (unpricedReservationUsd).`,
    { param: 'model', isRetryable: false },
  );
}
