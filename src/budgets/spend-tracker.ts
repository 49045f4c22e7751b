/**
 * Trailing spend per user for spend-aware routing ("a user who spent over $X in the last 24 h is served from
 * route economy"). Reading is synchronous and cheap (a sum over five-minute buckets) so that a routing
 * condition can call it on the hot path; `prime` does the one ledger read a user needs first.
 *
 * Each user's spend is the ledger's (read on first use and refreshed in the background every `refreshMs`, which
 * brings in what other instances spent) plus what this instance recorded since that read. Ledger rows lag the
 * settle by up to a flush interval, so a request settled just before a refresh may be missing from the next
 * sum until the refresh after: an under-count of at most one flush interval's spend, for one refresh period.
 */
import { parseBudgetPeriod } from './budget-period.js';
import type { BudgetSeedSource } from './budget-seed-source.js';
import { rollingBucketRange, windowAt } from './budget-window.js';
import type { RollingWindow } from './budget-window.js';
import { sumRollingBuckets } from './rolling-buckets.js';

export interface SpendTracker {
  /** Reads the user's ledger spend if not known yet; resolves at once afterwards. */
  prime(user: string, now?: number): Promise<void>;
  /** Spend over the trailing window in picodollars; undefined until `prime` has finished for this user. */
  spendLast24hPico(user: string, now?: number): bigint | undefined;
  /** Counts a settled request's cost now, without waiting for the ledger. `createdAtMs` is when it arrived. */
  record(user: string, amountPico: bigint, createdAtMs: number, now?: number): void;
}

export interface SpendTrackerOptions {
  /** The ledger; without it only this instance's own records count. */
  seedSource?: BudgetSeedSource;
  /** Default "24h". */
  window?: string;
  /** How old a user's ledger read may get before a background refresh (default 60 s). */
  refreshMs?: number;
  /** Users kept in memory; the least recently added are forgotten beyond this (default 100,000). */
  maxUsers?: number;
  now?: () => number;
  onError?: (error: unknown) => void;
}

interface LocalRecord {
  bucket: number;
  amountPico: bigint;
  recordedAtMs: number;
}

interface UserSpend {
  /** The ledger's buckets at the last read. */
  ledger: Map<number, bigint>;
  /** Recorded here since shortly before the last read began. */
  local: LocalRecord[];
  readStartedAtMs: number;
  refreshing: Promise<void> | null;
}

export class LedgerSpendTracker implements SpendTracker {
  private readonly users = new Map<string, UserSpend>();
  private readonly priming = new Map<string, Promise<void>>();
  /** Records of users whose first ledger read is under way. */
  private readonly recordedWhilePriming = new Map<string, LocalRecord[]>();
  private readonly window: RollingWindow;
  private readonly clock: () => number;

  constructor(private readonly options: SpendTrackerOptions = {}) {
    const window = windowAt(parseBudgetPeriod(options.window ?? '24h'), 0, 'UTC');
    if (window.kind !== 'rolling') throw new RangeError(`a spend tracker window is rolling, like "24h"; got "${options.window}"`);
    this.window = window;
    this.clock = options.now ?? Date.now;
  }

  prime(user: string, now?: number): Promise<void> {
    const nowMs = now ?? this.clock();
    const known = this.users.get(user);
    if (known) {
      this.refreshIfStale(user, known, nowMs);
      return Promise.resolve();
    }
    let pending = this.priming.get(user);
    if (!pending) {
      this.recordedWhilePriming.set(user, []);
      pending = this.readLedger(user, nowMs).then(
        (ledger) => {
          this.priming.delete(user);
          const local = this.recordedWhilePriming.get(user) ?? [];
          this.recordedWhilePriming.delete(user);
          this.remember(user, { ledger, local, readStartedAtMs: nowMs, refreshing: null });
        },
        (error: unknown) => {
          this.priming.delete(user);
          this.recordedWhilePriming.delete(user);
          throw error;
        },
      );
      this.priming.set(user, pending);
    }
    return pending;
  }

  spendLast24hPico(user: string, now?: number): bigint | undefined {
    const nowMs = now ?? this.clock();
    const spend = this.users.get(user);
    if (!spend) return undefined;
    this.refreshIfStale(user, spend, nowMs);
    const { first, last } = rollingBucketRange(this.window, nowMs);
    let total = sumRollingBuckets(spend.ledger, first, last).totalPico;
    let hasExpired = false;
    for (const record of spend.local) {
      if (record.bucket < first) hasExpired = true;
      else if (record.bucket <= last) total += record.amountPico;
    }
    if (hasExpired) spend.local = spend.local.filter((record) => record.bucket >= first);
    return total;
  }

  record(user: string, amountPico: bigint, createdAtMs: number, now?: number): void {
    if (amountPico === 0n) return;
    const record: LocalRecord = { bucket: Math.floor(createdAtMs / this.window.bucketMs), amountPico, recordedAtMs: now ?? this.clock() };
    const spend = this.users.get(user);
    if (spend) {
      spend.local.push(record);
      return;
    }
    // Not primed: the user's ledger read is still to come and will include this request. Mid-read it may not.
    this.recordedWhilePriming.get(user)?.push(record);
  }

  private refreshIfStale(user: string, spend: UserSpend, nowMs: number): void {
    if (spend.refreshing || nowMs - spend.readStartedAtMs < (this.options.refreshMs ?? 60_000) || !this.options.seedSource) return;
    spend.refreshing = this.readLedger(user, nowMs)
      .then((ledger) => {
        // Records made after the read began may be missing from it; older ones are in it (or lagging, see above).
        spend.local = spend.local.filter((record) => record.recordedAtMs >= nowMs);
        spend.ledger = ledger;
        spend.readStartedAtMs = nowMs;
      })
      .catch((error: unknown) => this.options.onError?.(error))
      .finally(() => {
        spend.refreshing = null;
      });
  }

  private async readLedger(user: string, nowMs: number): Promise<Map<number, bigint>> {
    const source = this.options.seedSource;
    if (!source) return new Map();
    const { first, last } = rollingBucketRange(this.window, nowMs);
    return source.spentByBucket({ kind: 'user', value: user }, first * this.window.bucketMs, (last + 1) * this.window.bucketMs, this.window.bucketMs);
  }

  private remember(user: string, spend: UserSpend): void {
    this.users.delete(user);
    this.users.set(user, spend);
    if (this.users.size > (this.options.maxUsers ?? 100_000)) {
      const oldest = this.users.keys().next().value;
      if (oldest !== undefined) this.users.delete(oldest);
    }
  }
}
