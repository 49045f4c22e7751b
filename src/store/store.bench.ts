/**
 * How long a ledger flush holds the event loop with the SQLite store. better-sqlite3 is synchronous, so a
 * flush run on the main thread blocks for the whole insert; the store runs it on a worker thread instead, and
 * this measures both so the choice stays justified. Defaults: 2,000 records/s flushed every 250 ms = 500.
 *   node --import tsx src/store/store.bench.ts
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openStore } from './index.js';
import { openSqliteDatabase } from './sqlite/open-sqlite-database.js';
import { SQLITE_RECORDS_PER_MESSAGE } from './sqlite/open-sqlite-store.js';
import { createSqliteLedgerInserter } from './sqlite/sqlite-ledger-inserter.js';
import { sampleLedgerRecords } from './test-fixtures/sample-ledger-record.js';

export interface FlushBenchResult {
  recordsPerFlush: number;
  flushes: number;
  /** Main-thread insert (what the worker avoids): the event loop is blocked for all of it. */
  inThreadBlockMs: { median: number; max: number };
  /** Worker insert: main-thread event-loop busy time over the whole flush, spread over slices of records. */
  workerMainThreadBusyMs: { median: number; max: number };
  /** Slices the worker insert sends; the busy time is shared among them, with the event loop free in between. */
  slicesPerFlush: number;
  /** Worker insert: wall time until the flush is committed (not blocking). */
  workerFlushMs: { median: number; max: number };
}

export async function benchLedgerFlush(recordsPerFlush = 500, flushes = 20): Promise<FlushBenchResult> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'tollgate-flush-bench-'));
  try {
    const filename = path.join(directory, 'bench.db');
    const store = await openStore(`sqlite://${filename}`);
    const workerBusy: number[] = [];
    const workerFlushes: number[] = [];
    for (let flush = 0; flush < flushes; flush++) {
      const records = sampleLedgerRecords(`worker-${flush}`, recordsPerFlush);
      const started = performance.now();
      workerBusy.push(await eventLoopBusyMs(() => store.insertLedgerRecords(records)));
      workerFlushes.push(performance.now() - started);
    }
    await store.close();

    const database = openSqliteDatabase(filename);
    const insert = createSqliteLedgerInserter(database);
    const inThread: number[] = [];
    for (let flush = 0; flush < flushes; flush++) {
      const records = sampleLedgerRecords(`main-${flush}`, recordsPerFlush);
      const started = performance.now();
      insert(records);
      inThread.push(performance.now() - started);
    }
    database.close();
    return {
      recordsPerFlush,
      flushes,
      inThreadBlockMs: summary(inThread),
      workerMainThreadBusyMs: summary(workerBusy),
      slicesPerFlush: Math.ceil(recordsPerFlush / SQLITE_RECORDS_PER_MESSAGE),
      workerFlushMs: summary(workerFlushes),
    };
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

/**
 * Event-loop active time while `work` runs (ELU). Unlike timing gaps between turns, it does not count time
 * the main thread sat idle waiting for the worker, nor a loaded machine's scheduling delays while idle.
 */
async function eventLoopBusyMs(work: () => Promise<void>): Promise<number> {
  const before = performance.eventLoopUtilization();
  await work();
  return performance.eventLoopUtilization(before).active;
}

function summary(values: number[]): { median: number; max: number } {
  const sorted = [...values].sort((left, right) => left - right);
  const round = (value: number) => Math.round(value * 100) / 100;
  return { median: round(sorted[Math.floor(sorted.length / 2)] ?? 0), max: round(sorted[sorted.length - 1] ?? 0) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchLedgerFlush(), null, 2));
}
