/**
 * What one reservation touches, worked out the same way by both engines: the counters (budget × scope value ×
 * window) that apply, what each reserves, which of them may refuse, and, once their state is known, which
 * one refuses.
 */
import type { BudgetAlertEvent } from './budget-alert-events.js';
import { exceededEvent } from './budget-alert-events.js';
import type { BudgetExceeded, ReserveRequest } from './budget-engine.js';
import { applicableBudgets, budgetInstanceKey } from './budget-scope.js';
import type { ApplicableBudget, BudgetDefinition } from './budget-scope.js';
import { bucketLeavesAtMs, windowAt } from './budget-window.js';
import type { BudgetWindow } from './budget-window.js';

/** Counters outlive their window by this much, so a request reserved just before the end can still settle. */
export const COUNTER_GRACE_MS = 24 * 3_600_000;

export interface PlannedCounter {
  key: string;
  applicable: ApplicableBudget;
  window: BudgetWindow;
  amountPico: bigint;
  /** False for `alert` budgets (and `downgrade` budgets on a downgraded retry): charged, never refusing. */
  isEnforced: boolean;
}

export interface CounterState {
  spentPico: bigint;
  reservedPico: bigint;
  /** Rolling windows: the oldest bucket holding spend, which is the next to leave. */
  oldestBucket: number | null;
}

export type ReservationPlan = { status: 'planned'; counters: PlannedCounter[] } | { status: 'unpriced'; budgets: string[] };

export function planReservation(budgets: readonly BudgetDefinition[], request: ReserveRequest, timeZone: string, nowMs: number): ReservationPlan {
  const all = request.keyBudget ? [...budgets, request.keyBudget] : budgets;
  const counters: PlannedCounter[] = [];
  const unpriced: string[] = [];
  for (const applicable of applicableBudgets(all, request.attribution)) {
    const { budget } = applicable;
    const amountPico = request.amountPico ?? budget.unpricedReservationPico;
    if (amountPico === undefined) {
      if (!unpriced.includes(budget.name)) unpriced.push(budget.name);
      continue;
    }
    if (amountPico < 0n) throw new RangeError(`cannot reserve a negative amount (${amountPico} picodollars)`);
    const window = windowAt(budget.period, nowMs, timeZone);
    const isEnforced = budget.action === 'reject' || (budget.action === 'downgrade' && request.isDowngraded !== true);
    counters.push({ key: budgetInstanceKey(applicable, window), applicable, window, amountPico, isEnforced });
  }
  if (unpriced.length > 0) return { status: 'unpriced', budgets: unpriced };
  return { status: 'planned', counters: dedupeCounters(counters) };
}

/** A request tagged twice with the same tag must not be counted twice against one counter. */
function dedupeCounters(counters: PlannedCounter[]): PlannedCounter[] {
  const seen = new Set<string>();
  return counters.filter((counter) => {
    if (seen.has(counter.key)) return false;
    seen.add(counter.key);
    return true;
  });
}

/** When a counter may be dropped (its window ended long enough ago); null when it lives as long as its budget. */
export function counterExpiresAtMs(window: BudgetWindow, nowMs: number): number | null {
  if (window.kind === 'rolling') return nowMs + window.durationMs + window.bucketMs + COUNTER_GRACE_MS;
  return window.endMs === null ? null : window.endMs + COUNTER_GRACE_MS;
}

export function wouldExceed(counter: PlannedCounter, state: CounterState): boolean {
  return state.spentPico + state.reservedPico + counter.amountPico > counter.applicable.budget.limitPico;
}

export interface CounterWithState {
  counter: PlannedCounter;
  state: CounterState;
}

/** The refusal to report when several counters would be exceeded: a `reject` budget before a `downgrade` one. */
export function chooseExceeded(candidates: readonly CounterWithState[]): (CounterWithState & { exceeded: BudgetExceeded }) | undefined {
  const refusing = candidates.filter(({ counter, state }) => counter.isEnforced && wouldExceed(counter, state));
  const chosen = refusing.find(({ counter }) => counter.applicable.budget.action === 'reject') ?? refusing[0];
  if (!chosen) return undefined;
  return { ...chosen, exceeded: describeExceeded(chosen) };
}

function describeExceeded({ counter, state }: CounterWithState): BudgetExceeded {
  const { budget, scopeValue } = counter.applicable;
  const exceeded: BudgetExceeded = {
    budget: budget.name,
    scopeKind: budget.scope.kind,
    scopeValue,
    limitPico: budget.limitPico,
    spentPico: state.spentPico,
    reservedPico: state.reservedPico,
    requestedPico: counter.amountPico,
    resetAt: resetAt(counter.window, state),
    period: budget.period.text,
    action: budget.action === 'downgrade' ? 'downgrade' : 'reject',
  };
  if (budget.action === 'downgrade' && budget.downgradeTo !== undefined) exceeded.downgradeTo = budget.downgradeTo;
  return exceeded;
}

/** The alert events of a reservation attempt: the refusing budget's, or those of alert budgets it goes past. */
export function reservationAlerts(candidates: readonly CounterWithState[], refusal: ReturnType<typeof chooseExceeded>, nowMs: number): BudgetAlertEvent[] {
  if (refusal) return exceededEvent(refusal.counter, refusal.state, refusal.exceeded.action === 'downgrade' ? 'downgraded' : 'rejected', nowMs);
  return candidates.flatMap(({ counter, state }) => (!counter.isEnforced && wouldExceed(counter, state) ? exceededEvent(counter, state, 'allowed', nowMs) : []));
}

function resetAt(window: BudgetWindow, state: CounterState): Date | null {
  if (window.kind === 'fixed') return window.endMs === null ? null : new Date(window.endMs);
  return state.oldestBucket === null ? null : new Date(bucketLeavesAtMs(window, state.oldestBucket));
}
