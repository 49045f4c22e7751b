import type { Store } from '../store/store.js';
import type { LedgerRecord } from './ledger-record.js';

export interface LedgerLogger {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface LedgerOptions {
  store: Store;
  /** batched: written at most every flushIntervalMs. strict: append() resolves after the record is fsynced to the journal. */
  durability: 'batched' | 'strict';
  /** At most 250 in configuration: a hard kill in batched mode loses at most this window. */
  flushIntervalMs: number;
  /** Where strict mode journals records and where records wait while the store is slow or down. */
  journalDir: string;
  /** Records held in memory; past this, records go straight to the journal. */
  maxQueuedRecords: number;
  logger?: LedgerLogger;
  /** Injectable clock (epoch ms) for tests. */
  now?: () => number;
  /** A store write taking longer than this counts as failed and its records go to the journal (default 30 s). */
  storeTimeoutMs?: number;
}

export interface LedgerStats {
  /** Records held in memory, waiting for the next flush. */
  queued: number;
  /** Records whose only copy is the journal, waiting to be replayed into the store. */
  spilledOnDisk: number;
  /** Records the store accepted (a replayed duplicate counts again). */
  written: number;
  /** Store writes that failed or timed out. */
  failedFlushes: number;
  /** How long the last flush took, in ms. */
  lastFlushMs: number | null;
  /** When the last flush ended (epoch ms by the ledger's clock). */
  lastFlushAt: number | null;
  /** Journal lines skipped as torn or unreadable. */
  journalLinesSkipped: number;
  /** Records lost because neither the journal nor memory could take them (disk failing and memory full). */
  dropped: number;
}

export interface Ledger {
  /** Never rejects because of the store. Batched: resolves at once. Strict: resolves after the journal fsync. */
  append(record: LedgerRecord): Promise<void>;
  /** Writes everything appended so far to the store now (or, if it fails, to the journal). */
  flush(): Promise<void>;
  /** Flushes and replays everything it can, then releases the journal; append() afterwards rejects. */
  close(): Promise<void>;
  stats(): LedgerStats;
}
