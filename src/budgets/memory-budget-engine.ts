/**
 * The single-instance budget engine: counters in memory, seeded once per window from the ledger and kept up
 * to date by this process's own reservations and settlements. JavaScript runs one piece of code at a time, so
 * the check of every counter and the increment of every counter happen with no await between them: that is
 * the atomicity the Redis engine gets from a Lua script.
 */
import type { BudgetAlertEvent } from './budget-alert-events.js';
import { thresholdCrossings } from './budget-alert-events.js';
import { DEFAULT_RESERVATION_TTL_MS } from './budget-engine.js';
import type { BudgetEngine, BudgetEngineOptions, Reservation, ReserveRequest, ReserveResult, SettleResult } from './budget-engine.js';
import { chooseExceeded, counterExpiresAtMs, planReservation, reservationAlerts } from './budget-plan.js';
import type { CounterState, PlannedCounter } from './budget-plan.js';
import type { BudgetSeedSource } from './budget-seed-source.js';
import { spendScopeOf } from './budget-seed-source.js';
import { rollingBucketRange } from './budget-window.js';
import { addToBucket, sumRollingBuckets } from './rolling-buckets.js';

interface MemoryCounter {
  /** Settled spend of a fixed window. */
  spentPico: bigint;
  /** Settled spend of a rolling window, per bucket. */
  buckets: Map<number, bigint> | null;
  reservedPico: bigint;
  /** What each unsettled request still holds here. */
  held: Map<string, bigint>;
  expiresAtMs: number | null;
}

interface HeldReservation {
  counters: PlannedCounter[];
  reservedAtMs: number;
  deadlineMs: number;
  isSettled: boolean;
  handle: Reservation;
}

const SETTLED_REMEMBERED = 10_000;
const HOUSEKEEPING_EVERY_MS = 1000;

export class MemoryBudgetEngine implements BudgetEngine {
  readonly kind = 'memory';
  private readonly counters = new Map<string, MemoryCounter>();
  private readonly seeding = new Map<string, Promise<MemoryCounter>>();
  private readonly open = new Map<string, HeldReservation>();
  private readonly settled = new Map<string, HeldReservation>();
  private readonly clock: () => number;
  private readonly reservationTtlMs: number;
  private nextHousekeepingMs = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: BudgetEngineOptions) {
    this.clock = options.now ?? Date.now;
    this.reservationTtlMs = options.reservationTtlMs ?? DEFAULT_RESERVATION_TTL_MS;
  }

  async reserve(request: ReserveRequest): Promise<ReserveResult> {
    const nowMs = request.now ?? this.clock();
    const plan = planReservation(this.options.budgets, request, this.options.timeZone, nowMs);
    if (plan.status === 'unpriced') return plan;
    // No budget applies: nothing to hold, nothing to remember.
    if (plan.counters.length === 0) return { status: 'ok', reservation: this.handleFor(request.requestId, []), alerts: [] };
    const known = this.known(request.requestId);
    if (known) return { status: 'ok', reservation: known.handle, alerts: [] };

    const counters = await Promise.all(plan.counters.map((planned) => this.counterFor(planned, nowMs)));

    // From here to the end: no await, so no other reservation can interleave.
    const again = this.known(request.requestId);
    if (again) return { status: 'ok', reservation: again.handle, alerts: [] };
    this.housekeeping(nowMs);
    const candidates = plan.counters.map((counter, index) => ({ counter, state: stateOf(counter, at(counters, index), nowMs) }));
    const refusal = chooseExceeded(candidates);
    const alerts = reservationAlerts(candidates, refusal, nowMs);
    this.emit(alerts);
    if (refusal) return { status: 'exceeded', exceeded: refusal.exceeded, alerts };
    plan.counters.forEach((planned, index) => {
      const counter = at(counters, index);
      // Housekeeping for a later clock may have dropped it just now; what this request holds must stay findable.
      if (!this.counters.has(planned.key)) this.counters.set(planned.key, counter);
      counter.reservedPico += planned.amountPico;
      counter.held.set(request.requestId, planned.amountPico);
      counter.expiresAtMs = laterExpiry(counter.expiresAtMs, counterExpiresAtMs(planned.window, nowMs));
    });
    const held: HeldReservation = {
      counters: plan.counters,
      reservedAtMs: nowMs,
      deadlineMs: nowMs + this.reservationTtlMs,
      isSettled: false,
      handle: this.handleFor(request.requestId, plan.counters),
    };
    this.open.set(request.requestId, held);
    return { status: 'ok', reservation: held.handle, alerts };
  }

  async close(): Promise<void> {
    this.counters.clear();
    this.open.clear();
    this.settled.clear();
  }

  private known(requestId: string): HeldReservation | undefined {
    return this.open.get(requestId) ?? this.settled.get(requestId);
  }

  private handleFor(requestId: string, counters: readonly PlannedCounter[]): Reservation {
    const amounts = new Map(counters.map((counter) => [counter.key, counter.amountPico]));
    return {
      requestId,
      amounts,
      settle: (actualPico, now) => Promise.resolve(this.settle(requestId, actualPico, now ?? this.clock())),
      release: (now) => Promise.resolve(this.settle(requestId, 0n, now ?? this.clock())),
    };
  }

  private settle(requestId: string, actualPico: bigint | null, nowMs: number): SettleResult {
    if (actualPico !== null && actualPico < 0n) throw new RangeError(`cannot settle a negative cost (${actualPico} picodollars)`);
    const held = this.open.get(requestId);
    if (!held || held.isSettled) return { charged: false, alerts: [] };
    held.isSettled = true;
    this.open.delete(requestId);
    this.remember(requestId, held);
    const alerts: BudgetAlertEvent[] = [];
    for (const planned of held.counters) {
      const counter = this.counters.get(planned.key);
      if (!counter) continue;
      const stillHeld = counter.held.get(requestId);
      if (stillHeld !== undefined) {
        counter.reservedPico -= stillHeld;
        counter.held.delete(requestId);
      }
      const charge = actualPico ?? planned.amountPico;
      const before = stateOf(planned, counter, nowMs).spentPico;
      if (counter.buckets && planned.window.kind === 'rolling') {
        addToBucket(counter.buckets, Math.floor(held.reservedAtMs / planned.window.bucketMs), charge);
      } else {
        counter.spentPico += charge;
      }
      const after = stateOf(planned, counter, nowMs).spentPico;
      alerts.push(...thresholdCrossings(planned, before, after, nowMs));
    }
    this.emit(alerts);
    return { charged: true, alerts };
  }

  private remember(requestId: string, held: HeldReservation): void {
    this.settled.set(requestId, held);
    if (this.settled.size > SETTLED_REMEMBERED) {
      const oldest = this.settled.keys().next().value;
      if (oldest !== undefined) this.settled.delete(oldest);
    }
  }

  private async counterFor(planned: PlannedCounter, nowMs: number): Promise<MemoryCounter> {
    const existing = this.counters.get(planned.key);
    if (existing) return existing;
    let pending = this.seeding.get(planned.key);
    if (!pending) {
      pending = seedCounter(planned, nowMs, this.options.seedSource).then(
        (counter) => {
          this.seeding.delete(planned.key);
          this.counters.set(planned.key, counter);
          return counter;
        },
        (error: unknown) => {
          // Forget the failure so that the next request tries the store again.
          this.seeding.delete(planned.key);
          throw new Error(`cannot read the spend of budget "${planned.applicable.budget.name}" from the store: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
        },
      );
      this.seeding.set(planned.key, pending);
    }
    return pending;
  }

  /** Releases reservations whose process forgot them, and drops counters of windows long over. */
  private housekeeping(nowMs: number): void {
    if (nowMs < this.nextHousekeepingMs) return;
    this.nextHousekeepingMs = nowMs + HOUSEKEEPING_EVERY_MS;
    for (const [requestId, held] of this.open) {
      if (held.deadlineMs > nowMs) continue;
      // Kept a while after its release so that a very late settle still charges what the request cost.
      if (held.deadlineMs + this.reservationTtlMs <= nowMs) this.open.delete(requestId);
      for (const planned of held.counters) {
        const counter = this.counters.get(planned.key);
        const amount = counter?.held.get(requestId);
        if (counter && amount !== undefined) {
          counter.reservedPico -= amount;
          counter.held.delete(requestId);
        }
      }
    }
    for (const [key, counter] of this.counters) {
      if (counter.expiresAtMs !== null && counter.expiresAtMs < nowMs && counter.held.size === 0) this.counters.delete(key);
    }
  }

  private emit(alerts: BudgetAlertEvent[]): void {
    if (alerts.length > 0) this.options.onAlerts?.(alerts);
  }
}

async function seedCounter(planned: PlannedCounter, nowMs: number, source: BudgetSeedSource | undefined): Promise<MemoryCounter> {
  const counter: MemoryCounter = { spentPico: 0n, buckets: null, reservedPico: 0n, held: new Map(), expiresAtMs: counterExpiresAtMs(planned.window, nowMs) };
  const scope = spendScopeOf(planned.applicable);
  const { window } = planned;
  if (window.kind === 'rolling') {
    const { first, last } = rollingBucketRange(window, nowMs);
    counter.buckets = source ? await source.spentByBucket(scope, first * window.bucketMs, (last + 1) * window.bucketMs, window.bucketMs) : new Map();
  } else if (source) {
    counter.spentPico = await source.spent(scope, window.startMs, window.endMs ?? Number.MAX_SAFE_INTEGER);
  }
  return counter;
}

function stateOf(planned: PlannedCounter, counter: MemoryCounter, nowMs: number): CounterState {
  if (planned.window.kind === 'rolling' && counter.buckets) {
    const { first, last } = rollingBucketRange(planned.window, nowMs);
    const sum = sumRollingBuckets(counter.buckets, first, last);
    return { spentPico: sum.totalPico, reservedPico: counter.reservedPico, oldestBucket: sum.oldestBucket };
  }
  return { spentPico: counter.spentPico, reservedPico: counter.reservedPico, oldestBucket: null };
}

function laterExpiry(current: number | null, next: number | null): number | null {
  if (current === null || next === null) return null;
  return Math.max(current, next);
}

function at<Item>(items: readonly Item[], index: number): Item {
  const item = items[index];
  if (item === undefined) throw new Error(`no item at ${index}`);
  return item;
}
