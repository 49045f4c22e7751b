/**
 * Requests in flight per provider, held to its `maxConcurrent` so that a provider's own limits
 * are never hammered. Excess requests queue first-in first-out for a short while; one that waits
 * too long is told so and goes elsewhere. A freed slot passes straight to the oldest waiter, so
 * newcomers cannot overtake the queue.
 */

export interface ConcurrencyLease {
  /** Frees the slot. Safe to call more than once: only the first call counts. */
  release(): void;
  readonly waitedMs: number;
}

export type AcquireResult =
  | { ok: true; lease: ConcurrencyLease }
  | { ok: false; reason: 'timeout' | 'aborted'; waitedMs: number; active: number; queued: number; limit: number };

export interface AcquireOptions {
  /** How long to wait for a slot; defaults to the limiter's `maxWaitMs`. */
  maxWaitMs?: number;
  signal?: AbortSignal;
}

export interface ConcurrencySnapshot {
  key: string;
  limit: number | null;
  active: number;
  queued: number;
}

export interface ConcurrencyLimiterOptions {
  /** Default wait for a slot before giving up (250 ms). */
  maxWaitMs?: number;
  now?: () => number;
}

interface Waiter {
  grant: () => void;
}

interface Lane {
  limit: number | undefined;
  active: number;
  queue: Waiter[];
}

export class ConcurrencyLimiter {
  private readonly lanes = new Map<string, Lane>();
  private readonly maxWaitMs: number;
  private readonly now: () => number;

  constructor(options: ConcurrencyLimiterOptions = {}) {
    this.maxWaitMs = options.maxWaitMs ?? 250;
    this.now = options.now ?? Date.now;
  }

  /** A slot for `key` under `limit` (undefined: unlimited, but still counted for the snapshot). */
  acquire(key: string, limit: number | undefined, options: AcquireOptions = {}): Promise<AcquireResult> {
    const lane = this.lane(key, limit);
    const startedAtMs = this.now();
    if (options.signal?.aborted) return Promise.resolve(this.refusal(lane, 'aborted', 0));
    if (lane.queue.length === 0 && (lane.limit === undefined || lane.active < lane.limit)) {
      lane.active += 1;
      return Promise.resolve({ ok: true, lease: this.lease(lane, 0) });
    }
    const maxWaitMs = options.maxWaitMs ?? this.maxWaitMs;
    if (maxWaitMs <= 0) return Promise.resolve(this.refusal(lane, 'timeout', 0));
    return new Promise((resolve) => {
      const finish = (result: AcquireResult): void => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        resolve(result);
      };
      const leave = (reason: 'timeout' | 'aborted'): void => {
        const index = lane.queue.indexOf(waiter);
        if (index === -1) return;
        lane.queue.splice(index, 1);
        finish(this.refusal(lane, reason, this.now() - startedAtMs));
      };
      const waiter: Waiter = {
        // The releaser already counted this slot as ours.
        grant: () => finish({ ok: true, lease: this.lease(lane, this.now() - startedAtMs) }),
      };
      const onAbort = (): void => leave('aborted');
      const timer = setTimeout(() => leave('timeout'), maxWaitMs);
      options.signal?.addEventListener('abort', onAbort, { once: true });
      lane.queue.push(waiter);
    });
  }

  snapshot(): ConcurrencySnapshot[] {
    return [...this.lanes.entries()]
      .map(([key, lane]) => ({ key, limit: lane.limit ?? null, active: lane.active, queued: lane.queue.length }))
      .sort((left, right) => left.key.localeCompare(right.key));
  }

  private lane(key: string, limit: number | undefined): Lane {
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = { limit, active: 0, queue: [] };
      this.lanes.set(key, lane);
    }
    // A reloaded config may change the limit; the newest wins, and a raise admits waiters.
    if (lane.limit !== limit) {
      lane.limit = limit;
      this.drain(lane);
    }
    return lane;
  }

  private lease(lane: Lane, waitedMs: number): ConcurrencyLease {
    let isReleased = false;
    return {
      waitedMs,
      release: () => {
        if (isReleased) return;
        isReleased = true;
        lane.active -= 1;
        this.drain(lane);
      },
    };
  }

  private drain(lane: Lane): void {
    while (lane.queue.length > 0 && (lane.limit === undefined || lane.active < lane.limit)) {
      const next = lane.queue.shift();
      if (!next) break;
      lane.active += 1;
      next.grant();
    }
  }

  private refusal(lane: Lane, reason: 'timeout' | 'aborted', waitedMs: number): AcquireResult {
    return { ok: false, reason, waitedMs, active: lane.active, queued: lane.queue.length, limit: lane.limit ?? Infinity };
  }
}
