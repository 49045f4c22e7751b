/**
 * Alert events a budget raises: a threshold of its limit crossed by settled spend, or a request that would
 * exceed it. Each carries a dedupe key that is the same on every instance, so a crossing is announced once
 * per window however many instances see it.
 */
import { formatUsd, parseDecimal } from '../core/money.js';
import type { CounterState, PlannedCounter } from './budget-plan.js';
import { COUNTER_GRACE_MS } from './budget-plan.js';

export type BudgetAlertType = 'budget.threshold_crossed' | 'budget.exceeded';

export interface BudgetAlertEvent {
  type: BudgetAlertType;
  /** Identical on every instance for the same crossing in the same window. */
  dedupeKey: string;
  /** How long the dedupe mark must live (until the window is over); null for a lifetime budget. */
  dedupeTtlMs: number | null;
  webhook: string;
  secret?: string;
  occurredAtMs: number;
  /** The webhook's `data`, already in wire form (money as exact decimal strings). */
  data: BudgetAlertData;
}

export interface BudgetAlertData {
  budget: string;
  scope: { kind: string; value: string | null };
  period: string;
  limit_usd: string;
  spent_usd: string;
  /** Fraction of the limit, for threshold crossings. */
  threshold?: number;
  /** For `budget.exceeded`: what Tollgate did with the request (reject, downgrade, or allow for alert budgets). */
  outcome?: 'rejected' | 'downgraded' | 'allowed';
  requested_usd?: string;
  reserved_usd?: string;
  window_start?: string | null;
  window_end?: string | null;
}

/** Thresholds of `counter`'s budget that settled spend passed on its way from `before` to `after`. */
export function thresholdCrossings(counter: PlannedCounter, beforePico: bigint, afterPico: bigint, nowMs: number): BudgetAlertEvent[] {
  const { budget } = counter.applicable;
  if (!budget.alert || afterPico <= beforePico) return [];
  const events: BudgetAlertEvent[] = [];
  for (const threshold of budget.alert.thresholds) {
    const level = parseDecimal(threshold);
    // spent ≥ limit × threshold, compared in integers: spent × 10^scale ≥ limit × units.
    const scale = 10n ** BigInt(level.scale);
    const line = budget.limitPico * level.units;
    if (beforePico * scale < line && afterPico * scale >= line) {
      events.push(buildEvent(counter, 'budget.threshold_crossed', `${counter.key}|threshold:${threshold}`, nowMs, {
        threshold,
        spent_usd: formatUsd(afterPico),
      }));
    }
  }
  return events;
}

/** A request would exceed the budget: refused, downgraded, or (alert budgets) allowed. */
export function exceededEvent(counter: PlannedCounter, state: CounterState, outcome: 'rejected' | 'downgraded' | 'allowed', nowMs: number): BudgetAlertEvent[] {
  if (!counter.applicable.budget.alert) return [];
  return [
    buildEvent(counter, 'budget.exceeded', `${counter.key}|exceeded`, nowMs, {
      outcome,
      spent_usd: formatUsd(state.spentPico),
      reserved_usd: formatUsd(state.reservedPico),
      requested_usd: formatUsd(counter.amountPico),
    }),
  ];
}

function buildEvent(counter: PlannedCounter, type: BudgetAlertType, dedupeKey: string, nowMs: number, extra: Partial<BudgetAlertData> & { spent_usd: string }): BudgetAlertEvent {
  const { budget, scopeValue } = counter.applicable;
  const alert = budget.alert;
  if (!alert) throw new Error(`budget "${budget.name}" has no alert settings`);
  const { window } = counter;
  const data: BudgetAlertData = {
    budget: budget.name,
    scope: { kind: budget.scope.kind, value: scopeValue },
    period: budget.period.text,
    limit_usd: formatUsd(budget.limitPico),
    ...extra,
  };
  if (window.kind === 'fixed') {
    data.window_start = new Date(window.startMs).toISOString();
    data.window_end = window.endMs === null ? null : new Date(window.endMs).toISOString();
  }
  const event: BudgetAlertEvent = {
    type,
    dedupeKey,
    dedupeTtlMs: dedupeTtlMs(counter, nowMs),
    webhook: alert.webhook,
    occurredAtMs: nowMs,
    data,
  };
  if (alert.secret !== undefined) event.secret = alert.secret;
  return event;
}

function dedupeTtlMs(counter: PlannedCounter, nowMs: number): number | null {
  const { window } = counter;
  if (window.kind === 'rolling') return window.durationMs;
  if (window.endMs === null) return null;
  return Math.max(1000, window.endMs - nowMs + COUNTER_GRACE_MS);
}
