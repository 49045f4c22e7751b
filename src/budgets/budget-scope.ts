/**
 * Which budgets apply to a request. A budget names one scope: global, or one team / user / key / feature / tag,
 * or "*" for each one separately (each user gets their own counter). Every budget that matches applies, and a
 * virtual key's own budget applies on top.
 */
import type { BudgetConfig } from '../config/schema.js';
import type { Attribution } from '../core/request-metadata.js';
import { parseBudgetPeriod } from './budget-period.js';
import type { BudgetPeriod } from './budget-period.js';
import type { BudgetWindow } from './budget-window.js';

export type ScopeKind = 'global' | 'team' | 'user' | 'key' | 'feature' | 'tag';

export type BudgetAction = 'reject' | 'downgrade' | 'alert';

export interface BudgetAlertSettings {
  webhook: string;
  /** Standard Webhooks secret (`whsec_` + base64); deliveries are unsigned without one. */
  secret?: string;
  /** Fractions of the limit, e.g. [0.5, 0.8, 1]. */
  thresholds: number[];
}

export interface BudgetDefinition {
  /** Unique; a virtual key's own budget is named `key:<key id>`. */
  name: string;
  scope: { kind: 'global' } | { kind: Exclude<ScopeKind, 'global'>; value: string };
  limitPico: bigint;
  period: BudgetPeriod;
  action: BudgetAction;
  /** The route a `downgrade` budget serves from once it is exhausted. */
  downgradeTo?: string;
  alert?: BudgetAlertSettings;
  /** What a request to a model without a price reserves; without it such requests are refused under this budget. */
  unpricedReservationPico?: bigint;
}

/** One budget applied to one scope value: `each-user-daily` for user "u1". */
export interface ApplicableBudget {
  budget: BudgetDefinition;
  /** The user, team, … this counter belongs to; null for a global budget. */
  scopeValue: string | null;
}

export type BudgetAttribution = Pick<Attribution, 'user' | 'team' | 'feature' | 'tags' | 'keyId'>;

export interface BudgetExtras {
  /** Per budget name: the reservation for requests to unpriced models (proposed config `unpricedReservationUsd`). */
  unpricedReservationPico?: Readonly<Record<string, bigint>>;
}

export function budgetsFromConfig(budgets: readonly BudgetConfig[], extras: BudgetExtras = {}): BudgetDefinition[] {
  return budgets.map((budget) => {
    const definition: BudgetDefinition = {
      name: budget.name,
      scope: scopeFromConfig(budget.scope),
      limitPico: budget.limitUsd,
      period: parseBudgetPeriod(budget.period),
      action: budget.action,
    };
    if (budget.to !== undefined) definition.downgradeTo = budget.to;
    if (budget.alert) {
      definition.alert = { webhook: budget.alert.webhook, thresholds: [...budget.alert.thresholds].sort((left, right) => left - right) };
      if (budget.alert.secret !== undefined) definition.alert.secret = budget.alert.secret;
    }
    const unpriced = extras.unpricedReservationPico?.[budget.name];
    if (unpriced !== undefined) definition.unpricedReservationPico = unpriced;
    return definition;
  });
}

function scopeFromConfig(scope: BudgetConfig['scope']): BudgetDefinition['scope'] {
  if (scope.global) return { kind: 'global' };
  for (const kind of ['team', 'user', 'key', 'feature', 'tag'] as const) {
    const value = scope[kind];
    if (value !== undefined) return { kind, value };
  }
  // The config loader refuses a budget without a scope; reaching here is a bug, not a user error.
  throw new Error('a budget scope names none of global, team, user, key, feature, tag');
}

export interface KeyBudgetInput {
  keyId: string;
  limitPico: bigint;
  /** As stored on the key: day, week, month, lifetime, "24h", … */
  period: string;
  /** What a request to an unpriced model reserves under this key (proposed config `budgetUnpricedReservationUsd`). */
  unpricedReservationPico?: bigint;
}

/** A virtual key's own budget, refusing requests once spent, like a configured `scope: { key: <id> }` budget. */
export function keyBudgetDefinition(input: KeyBudgetInput): BudgetDefinition {
  const definition: BudgetDefinition = { name: `key:${input.keyId}`, scope: { kind: 'key', value: input.keyId }, limitPico: input.limitPico, period: parseBudgetPeriod(input.period), action: 'reject' };
  if (input.unpricedReservationPico !== undefined) definition.unpricedReservationPico = input.unpricedReservationPico;
  return definition;
}

/** Every budget matching the attribution, "*" expanded per value (one per tag for a request with several tags). */
export function applicableBudgets(budgets: readonly BudgetDefinition[], attribution: BudgetAttribution): ApplicableBudget[] {
  const applicable: ApplicableBudget[] = [];
  for (const budget of budgets) {
    const { scope } = budget;
    if (scope.kind === 'global') {
      applicable.push({ budget, scopeValue: null });
      continue;
    }
    for (const value of attributedValues(scope.kind, attribution)) {
      if (scope.value === '*' || scope.value === value) applicable.push({ budget, scopeValue: value });
    }
  }
  return applicable;
}

function attributedValues(kind: Exclude<ScopeKind, 'global'>, attribution: BudgetAttribution): string[] {
  const single = (value: string | undefined): string[] => (value === undefined || value === '' ? [] : [value]);
  switch (kind) {
    case 'user':
      return single(attribution.user);
    case 'team':
      return single(attribution.team);
    case 'feature':
      return single(attribution.feature);
    case 'key':
      return single(attribution.keyId);
    case 'tag':
      return [...new Set(attribution.tags.filter((tag) => tag !== ''))];
  }
}

/**
 * The stable name of one counter: a budget, one scope value, one window. Parts are URI-encoded so a user
 * named `a|b` cannot collide with another counter.
 */
export function budgetInstanceKey(applicable: ApplicableBudget, window: BudgetWindow): string {
  const { budget, scopeValue } = applicable;
  const scope = scopeValue === null ? 'global' : `${budget.scope.kind}=${encodeURIComponent(scopeValue)}`;
  return `${encodeURIComponent(budget.name)}|${scope}|${encodeURIComponent(window.id)}`;
}

/** For people: `user "u1"`, `global`. */
export function describeScope(applicable: ApplicableBudget): string {
  if (applicable.scopeValue === null) return 'global';
  return `${applicable.budget.scope.kind} "${applicable.scopeValue}"`;
}
