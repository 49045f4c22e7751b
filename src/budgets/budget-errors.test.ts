import { describe, expect, it } from 'vitest';
import { parseUsd } from '../core/money.js';
import { budgetExceededError, unpricedModelError } from './budget-errors.js';

describe('budget errors', () => {
  it('402 names the budget, its scope, limit, spent, held, the request and the reset time', () => {
    const error = budgetExceededError({
      budget: 'each-user-daily',
      scopeKind: 'user',
      scopeValue: 'u1',
      limitPico: parseUsd('5'),
      spentPico: parseUsd('4.98'),
      reservedPico: parseUsd('0.01'),
      requestedPico: parseUsd('0.0345'),
      resetAt: new Date('2026-06-16T00:00:00Z'),
      period: 'day',
      action: 'reject',
    });
    expect(error.status).toBe(402);
    expect(error.code).toBe('budget_exceeded');
    expect(error.isRetryable).toBe(false);
    expect(error.message).toBe(
      'budget "each-user-daily" (user "u1", day) would be exceeded: limit $5, spent $4.98, $0.01 held by requests in flight, and this request may cost up to $0.0345. ' +
        'It resets at 2026-06-16T00:00:00.000Z. Lower max_tokens to reserve less, or raise the budget\'s limit.',
    );
    expect(error.headers).toEqual({ 'x-tollgate-budget': 'each-user-daily', 'x-tollgate-budget-reset': '2026-06-16T00:00:00.000Z' });
  });

  it('says how lifetime and rolling budgets come back', () => {
    const base = { budget: 'b', scopeKind: 'global' as const, scopeValue: null, limitPico: 1n, spentPico: 1n, reservedPico: 0n, requestedPico: 1n, action: 'reject' as const };
    expect(budgetExceededError({ ...base, period: 'lifetime', resetAt: null }).message).toContain('(global, lifetime)');
    expect(budgetExceededError({ ...base, period: 'lifetime', resetAt: null }).message).toContain('A lifetime budget never resets.');
    expect(budgetExceededError({ ...base, period: '24h', resetAt: new Date('2026-06-16T10:05:00Z') }).message).toContain('Spend starts leaving the rolling window at 2026-06-16T10:05:00.000Z.');
  });

  it('400 for a model without a price names the model and both fixes', () => {
    const error = unpricedModelError('acme/mystery-1', ['team-daily', 'global-monthly']);
    expect(error.status).toBe(400);
    expect(error.param).toBe('model');
    expect(error.message).toContain('model "acme/mystery-1" has no price');
    expect(error.message).toContain('budget "team-daily", "global-monthly"');
    expect(error.message).toContain('pricing.overrides');
    expect(error.message).toContain('unpricedReservationUsd');
  });
});
