/**
 * The budget engine: before a provider call, reserve the request's worst-case cost against every budget that
 * applies, all or none, atomically; after it, settle the reservation to the actual cost. Two implementations
 * share this interface and one contract test suite: memory (one instance) and Redis (several instances).
 */
import type { BudgetAlertEvent } from './budget-alert-events.js';
import type { BudgetSeedSource } from './budget-seed-source.js';
import type { BudgetAction, BudgetAttribution, BudgetDefinition, ScopeKind } from './budget-scope.js';

export interface ReserveRequest {
  /** Idempotency key: reserving the same id twice holds one reservation; settling it twice charges once. */
  requestId: string;
  attribution: BudgetAttribution;
  /** The virtual key's own budget (see `keyBudgetDefinition`), when the key has one. */
  keyBudget?: BudgetDefinition;
  /** The pre-flight worst case in picodollars; null when the model has no price. */
  amountPico: bigint | null;
  /** Epoch milliseconds; defaults to the engine's clock. */
  now?: number;
  /**
   * Set when this request is the retry of a downgrade: `downgrade` budgets are still charged but no longer
   * refuse it (they already sent it to the cheaper route).
   */
  isDowngraded?: boolean;
}

export interface BudgetExceeded {
  budget: string;
  scopeKind: ScopeKind;
  /** Null for a global budget. */
  scopeValue: string | null;
  limitPico: bigint;
  /** Settled spend in the window. */
  spentPico: bigint;
  /** Held by requests still in flight. */
  reservedPico: bigint;
  /** What this request asked to reserve. */
  requestedPico: bigint;
  /** When room comes back: the window's end, or for a rolling window when the oldest spend leaves it; null when never (lifetime). */
  resetAt: Date | null;
  /** The period as configured: day, week, month, lifetime, 24h, … */
  period: string;
  action: Exclude<BudgetAction, 'alert'>;
  /** For `downgrade`: the route to serve from instead. */
  downgradeTo?: string;
}

export interface SettleResult {
  /** False when this request was already settled (a retried settle charges nothing). */
  charged: boolean;
  alerts: BudgetAlertEvent[];
}

export interface Reservation {
  readonly requestId: string;
  /** What was reserved, per budget counter. */
  readonly amounts: ReadonlyMap<string, bigint>;
  /**
   * Replaces the reservation by the actual cost, in every counter it holds; call it for failed, cancelled and
   * cut-short requests too (with what they cost). Null means the cost is unknown: the reservation is charged.
   */
  settle(actualPico: bigint | null, now?: number): Promise<SettleResult>;
  /** Settles at zero: the request cost nothing (refused before any provider call). */
  release(now?: number): Promise<SettleResult>;
}

export type ReserveResult =
  | { status: 'ok'; reservation: Reservation; alerts: BudgetAlertEvent[] }
  | { status: 'exceeded'; exceeded: BudgetExceeded; alerts: BudgetAlertEvent[] }
  /** The model has no price and these budgets state no reservation for unpriced requests. */
  | { status: 'unpriced'; budgets: string[] };

export interface BudgetEngine {
  readonly kind: 'memory' | 'redis';
  reserve(request: ReserveRequest): Promise<ReserveResult>;
  /** Stops timers and, for Redis, closes the connection the engine opened. */
  close(): Promise<void>;
}

export interface BudgetEngineOptions {
  budgets: readonly BudgetDefinition[];
  /** IANA zone for day / week / month windows (`budgetTimeZone`). */
  timeZone: string;
  /** Seeds a counter the first time a window is used; without one, windows start at zero. */
  seedSource?: BudgetSeedSource;
  now?: () => number;
  /**
   * A reservation not settled within this time is released (its process most likely died). Longer than the
   * longest request; default 30 minutes.
   */
  reservationTtlMs?: number;
  /** Receives every alert event as well as the caller (e.g. `AlertNotifier.notify`). */
  onAlerts?: (events: BudgetAlertEvent[]) => void;
}

export const DEFAULT_RESERVATION_TTL_MS = 30 * 60_000;
