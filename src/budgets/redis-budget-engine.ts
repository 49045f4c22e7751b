/**
 * The budget engine for several instances: every counter lives in Redis and every reservation and settlement
 * is one Lua script (see redis-budget-scripts.ts), so all instances share one budget and a burst spread over
 * them is checked exactly as one arriving at a single instance. Counters are seeded from the ledger the first
 * time any instance uses a window.
 */
import type { Redis } from 'ioredis';
import type { BudgetAlertEvent } from './budget-alert-events.js';
import { thresholdCrossings } from './budget-alert-events.js';
import { DEFAULT_RESERVATION_TTL_MS } from './budget-engine.js';
import type { BudgetEngine, BudgetEngineOptions, Reservation, ReserveRequest, ReserveResult, SettleResult } from './budget-engine.js';
import { chooseExceeded, COUNTER_GRACE_MS, counterExpiresAtMs, planReservation, reservationAlerts } from './budget-plan.js';
import type { CounterWithState, PlannedCounter } from './budget-plan.js';
import { spendScopeOf } from './budget-seed-source.js';
import { rollingBucketRange } from './budget-window.js';
import { fromPicoPair, toPicoPair } from './pico-pair.js';
import { reserveScript, seedScript, settleScript } from './redis-budget-scripts.js';
import { stringArray } from './redis-script.js';

export interface RedisBudgetEngineOptions extends BudgetEngineOptions {
  redis: Redis;
  /**
   * Prefix of every key. The default's `{…}` hash tag puts all keys in one Redis Cluster slot, which a script
   * touching several budgets at once needs.
   */
  keyPrefix?: string;
  /** Close the connection on `close()` (when the engine opened it). */
  ownsConnection?: boolean;
}

export const DEFAULT_BUDGET_KEY_PREFIX = 'tollgate:{budgets}:';
const SEED_ATTEMPTS = 4;

export class RedisBudgetEngine implements BudgetEngine {
  readonly kind = 'redis';
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly clock: () => number;
  private readonly reservationTtlMs: number;

  constructor(private readonly options: RedisBudgetEngineOptions) {
    this.redis = options.redis;
    this.prefix = options.keyPrefix ?? DEFAULT_BUDGET_KEY_PREFIX;
    this.clock = options.now ?? Date.now;
    this.reservationTtlMs = options.reservationTtlMs ?? DEFAULT_RESERVATION_TTL_MS;
  }

  async reserve(request: ReserveRequest): Promise<ReserveResult> {
    const nowMs = request.now ?? this.clock();
    const plan = planReservation(this.options.budgets, request, this.options.timeZone, nowMs);
    if (plan.status === 'unpriced') return plan;
    const { counters } = plan;
    const handle = this.handleFor(request.requestId, counters);
    if (counters.length === 0) return { status: 'ok', reservation: handle, alerts: [] };

    const keys = [this.requestKey(request.requestId), ...counters.flatMap((counter) => this.counterKeys(counter))];
    const args: Array<string | number> = [request.requestId, nowMs, nowMs + this.reservationTtlMs, this.recordTtlMs(), counters.length];
    for (const counter of counters) {
      const { window } = counter;
      args.push(
        toPicoPair(counter.applicable.budget.limitPico),
        toPicoPair(counter.amountPico),
        counter.isEnforced ? '1' : '0',
        window.kind === 'rolling' ? window.bucketMs : 0,
        window.kind === 'rolling' ? window.durationMs : 0,
        counterTtlMs(window, nowMs),
      );
    }
    for (let attempt = 1; attempt <= SEED_ATTEMPTS; attempt += 1) {
      const reply = stringArray(await reserveScript.run(this.redis, keys, args));
      const [status, ...rest] = reply;
      if (status === 'known') return { status: 'ok', reservation: handle, alerts: [] };
      if (status === 'seed') {
        await Promise.all(rest.map((index) => this.seed(at(counters, Number(index) - 1), nowMs)));
        continue;
      }
      const candidates = counters.map((counter, index): CounterWithState => {
        const oldest = rest[index * 4 + 2] ?? '';
        return {
          counter,
          state: { spentPico: fromPicoPair(rest[index * 4] ?? '0,0'), reservedPico: fromPicoPair(rest[index * 4 + 1] ?? '0,0'), oldestBucket: oldest === '' ? null : Number(oldest) },
        };
      });
      const refusal = status === 'exceeded' ? chooseExceeded(candidates) : undefined;
      const alerts = reservationAlerts(candidates, refusal, nowMs);
      this.emit(alerts);
      if (refusal) return { status: 'exceeded', exceeded: refusal.exceeded, alerts };
      return { status: 'ok', reservation: handle, alerts };
    }
    throw new Error(`budget counters for request ${request.requestId} were still unseeded after ${SEED_ATTEMPTS} attempts (is Redis evicting keys? use maxmemory-policy noeviction)`);
  }

  async close(): Promise<void> {
    if (this.options.ownsConnection) await this.redis.quit();
  }

  private handleFor(requestId: string, counters: readonly PlannedCounter[]): Reservation {
    const amounts = new Map(counters.map((counter) => [counter.key, counter.amountPico]));
    return {
      requestId,
      amounts,
      settle: (actualPico, now) => this.settle(requestId, counters, actualPico, now ?? this.clock()),
      release: (now) => this.settle(requestId, counters, 0n, now ?? this.clock()),
    };
  }

  private async settle(requestId: string, counters: readonly PlannedCounter[], actualPico: bigint | null, nowMs: number): Promise<SettleResult> {
    if (actualPico !== null && actualPico < 0n) throw new RangeError(`cannot settle a negative cost (${actualPico} picodollars)`);
    if (counters.length === 0) return { charged: true, alerts: [] };
    const keys = [this.requestKey(requestId), ...counters.flatMap((counter) => this.counterKeys(counter))];
    const args: Array<string | number> = [requestId, nowMs, this.recordTtlMs(), counters.length];
    for (const counter of counters) {
      const { window } = counter;
      args.push(
        toPicoPair(actualPico ?? counter.amountPico),
        window.kind === 'rolling' ? window.bucketMs : 0,
        window.kind === 'rolling' ? window.durationMs : 0,
        counterTtlMs(window, nowMs),
      );
    }
    const [status, ...rest] = stringArray(await settleScript.run(this.redis, keys, args));
    if (status === 'duplicate') return { charged: false, alerts: [] };
    const alerts: BudgetAlertEvent[] = [];
    counters.forEach((counter, index) => {
      const before = rest[index * 2] ?? '';
      const after = rest[index * 2 + 1] ?? '';
      if (before !== '' && after !== '') alerts.push(...thresholdCrossings(counter, fromPicoPair(before), fromPicoPair(after), nowMs));
    });
    this.emit(alerts);
    return { charged: true, alerts };
  }

  private async seed(counter: PlannedCounter, nowMs: number): Promise<void> {
    const source = this.options.seedSource;
    const scope = spendScopeOf(counter.applicable);
    const { window } = counter;
    const [counterKey, , bucketKey] = this.counterKeys(counter);
    const args: Array<string | number> = [window.kind, counterTtlMs(window, nowMs)];
    if (window.kind === 'rolling') {
      const { first, last } = rollingBucketRange(window, nowMs);
      const buckets = source ? await source.spentByBucket(scope, first * window.bucketMs, (last + 1) * window.bucketMs, window.bucketMs) : new Map<number, bigint>();
      for (const [bucket, amount] of buckets) args.push(String(bucket), toPicoPair(amount));
    } else {
      args.push(toPicoPair(source ? await source.spent(scope, window.startMs, window.endMs ?? Number.MAX_SAFE_INTEGER) : 0n));
    }
    await seedScript.run(this.redis, [counterKey ?? '', bucketKey ?? ''], args);
  }

  private counterKeys(counter: PlannedCounter): [string, string, string] {
    return [`${this.prefix}c:${counter.key}`, `${this.prefix}z:${counter.key}`, `${this.prefix}k:${counter.key}`];
  }

  private requestKey(requestId: string): string {
    return `${this.prefix}q:${requestId}`;
  }

  /** A request's record outlives its reservation by a day, so a late or retried settle is still recognised. */
  private recordTtlMs(): number {
    return this.reservationTtlMs + COUNTER_GRACE_MS;
  }

  private emit(alerts: BudgetAlertEvent[]): void {
    if (alerts.length > 0) this.options.onAlerts?.(alerts);
  }
}

/**
 * Keys expire relative to the caller's clock (the one windows are computed on), not Redis's own: the two agree
 * in production, and tests on a fake clock keep their keys. 0 means never (lifetime budgets).
 */
function counterTtlMs(window: PlannedCounter['window'], nowMs: number): number {
  const expiresAt = counterExpiresAtMs(window, nowMs);
  return expiresAt === null ? 0 : Math.max(1000, expiresAt - nowMs);
}

function at<Item>(items: readonly Item[], index: number): Item {
  const item = items[index];
  if (item === undefined) throw new Error(`no item at ${index}`);
  return item;
}
