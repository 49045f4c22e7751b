import { describe, expect, it } from 'vitest';
import { parseUsd } from '../core/money.js';
import { applicableBudgets, budgetInstanceKey, budgetsFromConfig, describeScope, keyBudgetDefinition } from './budget-scope.js';
import { windowAt } from './budget-window.js';
import { parseBudgetPeriod } from './budget-period.js';

const budgets = budgetsFromConfig(
  [
    { name: 'all', scope: { global: true }, limitUsd: parseUsd('100'), period: 'month', action: 'reject' },
    { name: 'u1', scope: { user: 'u1' }, limitUsd: parseUsd('5'), period: 'day', action: 'reject' },
    { name: 'each-user', scope: { user: '*' }, limitUsd: parseUsd('5'), period: '24h', action: 'downgrade', to: 'economy' },
    { name: 'each-tag', scope: { tag: '*' }, limitUsd: parseUsd('1'), period: 'week', action: 'alert', alert: { webhook: 'https://hooks.example/x', thresholds: [1, 0.5] } },
    { name: 'beta', scope: { tag: 'beta' }, limitUsd: parseUsd('1'), period: 'week', action: 'reject' },
    { name: 'support', scope: { feature: 'support' }, limitUsd: parseUsd('25'), period: 'day', action: 'reject' },
    { name: 'growth', scope: { team: 'growth' }, limitUsd: parseUsd('25'), period: 'day', action: 'reject' },
    { name: 'one-key', scope: { key: 'key_1' }, limitUsd: parseUsd('25'), period: 'lifetime', action: 'reject' },
  ],
  { unpricedReservationPico: { support: parseUsd('0.01') } },
);

function names(attribution: Parameters<typeof applicableBudgets>[1]): string[] {
  return applicableBudgets(budgets, attribution).map((applicable) => `${applicable.budget.name}:${describeScope(applicable)}`);
}

describe('applicableBudgets', () => {
  it('applies global budgets to every request', () => {
    expect(names({ tags: [] })).toEqual(['all:global']);
  });

  it('applies a named scope to its value only, and "*" to each value', () => {
    expect(names({ user: 'u1', tags: [] })).toEqual(['all:global', 'u1:user "u1"', 'each-user:user "u1"']);
    expect(names({ user: 'u2', tags: [] })).toEqual(['all:global', 'each-user:user "u2"']);
  });

  it('applies a tag budget once per tag, and the team, feature and key budgets', () => {
    expect(names({ tags: ['beta', 'eu', 'beta'], team: 'growth', feature: 'support', keyId: 'key_1' })).toEqual([
      'all:global', 'each-tag:tag "beta"', 'each-tag:tag "eu"', 'beta:tag "beta"', 'support:feature "support"', 'growth:team "growth"', 'one-key:key "key_1"',
    ]);
  });

  it('reads config: sorted thresholds, downgrade route, unpriced reservation', () => {
    const byName = new Map(budgets.map((budget) => [budget.name, budget]));
    expect(byName.get('each-tag')?.alert?.thresholds).toEqual([0.5, 1]);
    expect(byName.get('each-user')).toMatchObject({ action: 'downgrade', downgradeTo: 'economy', period: { kind: 'rolling', durationMs: 86_400_000 } });
    expect(byName.get('support')?.unpricedReservationPico).toBe(parseUsd('0.01'));
  });

  it('turns a key\'s own budget into a refusing budget of its key scope', () => {
    const own = keyBudgetDefinition({ keyId: 'key_9', limitPico: parseUsd('3'), period: 'week' });
    expect(applicableBudgets([own], { tags: [], keyId: 'key_9' }).map(describeScope)).toEqual(['key "key_9"']);
    expect(applicableBudgets([own], { tags: [], keyId: 'key_8' })).toEqual([]);
  });
});

describe('budgetInstanceKey', () => {
  it('is stable per budget, scope value and window, and cannot be confused by separators in values', () => {
    const [first] = applicableBudgets(budgets.filter((budget) => budget.name === 'each-user'), { user: 'a|b', tags: [] });
    if (!first) throw new Error('expected one');
    const window = windowAt(parseBudgetPeriod('day'), Date.parse('2026-06-15T12:00:00Z'), 'Europe/Berlin');
    expect(budgetInstanceKey(first, window)).toBe('each-user|user=a%7Cb|day%3A2026-06-15%3AEurope%2FBerlin');
  });
});
