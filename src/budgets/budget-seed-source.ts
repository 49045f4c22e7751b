/**
 * Where a budget counter's starting value comes from the first time a window is used: the ledger's exact
 * spend for the scope and window. Ledger rows arrive asynchronously, so the engines read this once per window
 * and keep counting themselves from then on.
 */
import type { SpendScope } from '../store/spend-queries.js';
import { sumSpend, sumSpendByBucket } from '../store/spend-queries.js';
import type { Store } from '../store/store.js';
import type { ApplicableBudget } from './budget-scope.js';

export interface BudgetSeedSource {
  /** Spend in [fromMs, toMs). */
  spent(scope: SpendScope, fromMs: number, toMs: number): Promise<bigint>;
  /** Spend in [fromMs, toMs) per bucket index (bucket n is [n·bucketMs, (n+1)·bucketMs)). */
  spentByBucket(scope: SpendScope, fromMs: number, toMs: number, bucketMs: number): Promise<Map<number, bigint>>;
}

export function storeSeedSource(store: Store): BudgetSeedSource {
  return {
    spent: (scope, fromMs, toMs) => sumSpend(store, scope, { fromMs, toMs }),
    spentByBucket: (scope, fromMs, toMs, bucketMs) => sumSpendByBucket(store, scope, { fromMs, toMs }, bucketMs),
  };
}

export function spendScopeOf(applicable: ApplicableBudget): SpendScope {
  const { scope } = applicable.budget;
  if (scope.kind === 'global' || applicable.scopeValue === null) return { kind: 'global' };
  return { kind: scope.kind, value: applicable.scopeValue };
}
