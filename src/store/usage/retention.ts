/**
 * `ledger.retentionDays`: raw ledger rows (requests with their tags, attempts and bodies) older than that are
 * deleted; the hourly rollups stay, so /v1/usage still answers whole hours of expired periods.
 */
import { sql } from 'kysely';
import type { Store, StoreLogger } from '../store.js';

const DAY_MS = 86_400_000;
const DEFAULT_BATCH_ROWS = 5_000;
const DEFAULT_INTERVAL_MS = 3_600_000;

/** Deletes in batches, so neither engine holds one huge transaction; returns how many requests went. */
export async function deleteExpiredRequests(store: Store, retentionDays: number, nowMs: number, batchRows = DEFAULT_BATCH_ROWS): Promise<number> {
  const cutoff = BigInt(Math.trunc(nowMs - retentionDays * DAY_MS));
  let deleted = 0;
  for (;;) {
    const result = await sql`delete from requests where id in (select id from requests where created_at_ms < ${cutoff} limit ${batchRows})`.execute(store.db);
    const count = Number(result.numAffectedRows ?? 0n);
    deleted += count;
    if (count < batchRows) return deleted;
  }
}

export interface RetentionJobOptions {
  store: Store;
  retentionDays: number;
  now: () => number;
  logger: StoreLogger & { info?(details: object, message: string): void };
  intervalMs?: number;
}

export interface RetentionJob {
  /** One pass now (also what the timer runs). */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
}

/** Runs a pass soon after start and then every `intervalMs` (an hour by default), never two at once. */
export function startRetentionJob(options: RetentionJobOptions): RetentionJob {
  let running: Promise<number> | null = null;
  let isStopped = false;
  const runOnce = (): Promise<number> => {
    running ??= deleteExpiredRequests(options.store, options.retentionDays, options.now())
      .then((count) => {
        if (count > 0) options.logger.info?.({ deleted: count, retentionDays: options.retentionDays }, 'ledger retention: deleted expired requests');
        return count;
      })
      .catch((error: unknown) => {
        options.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'ledger retention pass failed; retrying at the next interval');
        return 0;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };
  const tick = (): void => {
    if (!isStopped) void runOnce();
  };
  const first = setTimeout(tick, 1_000);
  const timer = setInterval(tick, options.intervalMs ?? DEFAULT_INTERVAL_MS);
  first.unref();
  timer.unref();
  return {
    runOnce,
    async stop(): Promise<void> {
      isStopped = true;
      clearTimeout(first);
      clearInterval(timer);
      await running;
    },
  };
}
