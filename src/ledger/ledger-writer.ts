/**
 * The ledger writer: records queue in memory and go to the store in batches, off the request path.
 *
 * Where a record lives until the store has it:
 *   batched  memory queue → store; or, when the store fails or is slow, or memory is full → journal → replay.
 *   strict   journal (fsynced before append resolves) and memory queue → store, then the journal segment
 *            is deleted; when the store fails, the segment is kept and replayed.
 * Inserts are idempotent by record id, so a record replayed twice is still one row.
 */
import type { Journal, JournalSegment } from './journal.js';
import { insertWithTimeout } from './insert-with-timeout.js';
import { encodeJournalLine } from './journal-codec.js';
import type { LedgerRecord } from './ledger-record.js';
import type { Ledger, LedgerLogger, LedgerOptions, LedgerStats } from './ledger-types.js';
import { retryDelayMs } from './retry-delay.js';

const RESOLVED: Promise<void> = Promise.resolve();
const REPLAY_CHUNK_RECORDS = 1_000;
const DEFAULT_STORE_TIMEOUT_MS = 30_000;

export interface LedgerWriterOptions extends LedgerOptions {
  logger: LedgerLogger;
  now: () => number;
}

export class LedgerWriter implements Ledger {
  private queue: LedgerRecord[] = [];
  /** Strict mode only: the journal segment of each queued record, index for index. */
  private queueSegments: Array<JournalSegment | null> = [];
  /** Strict appends being journaled that will join the queue: they count against the memory bound already. */
  private reservedSlots = 0;
  private timer: NodeJS.Timeout | null = null;
  private isTimerForReplayOnly = false;
  private work: Promise<void> = RESOLVED;
  private isStoreWorkRunning = false;
  private consecutiveFailures = 0;
  private retryAtMs = 0;
  private isClosing = false;
  private closed: Promise<void> | null = null;
  private readonly isStrict: boolean;
  private readonly storeTimeoutMs: number;
  private readonly counters = { written: 0, failedFlushes: 0, dropped: 0, lastFlushMs: null as number | null, lastFlushAt: null as number | null };

  constructor(private readonly options: LedgerWriterOptions, private readonly journal: Journal) {
    this.isStrict = options.durability === 'strict';
    this.storeTimeoutMs = options.storeTimeoutMs ?? DEFAULT_STORE_TIMEOUT_MS;
  }

  append(record: LedgerRecord): Promise<void> {
    if (this.isClosing) return Promise.reject(new Error('the ledger is closed: a record appended after close() is not kept'));
    if (this.isStrict) return this.appendStrict(record);
    if (this.queue.length < this.options.maxQueuedRecords) {
      this.queue.push(record);
      this.scheduleFlush();
    } else {
      this.appendPastMemoryBound(record);
    }
    return RESOLVED;
  }

  async flush(): Promise<void> {
    await this.journal.idle();
    await this.exclusive(() => this.flushOnce(true));
  }

  close(): Promise<void> {
    this.isClosing = true;
    this.closed ??= this.shutdown();
    return this.closed;
  }

  stats(): LedgerStats {
    return {
      queued: this.queue.length,
      spilledOnDisk: this.journal.diskOnlyRecords(),
      written: this.counters.written,
      failedFlushes: this.counters.failedFlushes,
      lastFlushMs: this.counters.lastFlushMs,
      lastFlushAt: this.counters.lastFlushAt,
      journalLinesSkipped: this.journal.skippedLines,
      dropped: this.counters.dropped,
    };
  }

  /** Writes what the journal holds from an earlier run before the ledger takes new records. */
  replayAtStart(): Promise<void> {
    return this.exclusive(() => this.flushOnce(true));
  }

  private appendStrict(record: LedgerRecord): Promise<void> {
    const isHeldInMemory = this.queue.length + this.reservedSlots < this.options.maxQueuedRecords;
    if (isHeldInMemory) this.reservedSlots += 1;
    return this.journal.append(encodeJournalLine(record), 1, isHeldInMemory).then(
      (segment) => {
        if (isHeldInMemory) {
          this.reservedSlots -= 1;
          this.queue.push(record);
          this.queueSegments.push(segment);
        }
        this.scheduleFlush();
      },
      (error: unknown) => {
        if (isHeldInMemory) this.reservedSlots -= 1;
        // The journal failed (disk full?): strict cannot be honoured, but the record still goes to the store.
        this.keepInMemory([record], error);
        this.scheduleFlush();
      },
    );
  }

  private appendPastMemoryBound(record: LedgerRecord): void {
    this.journal.append(encodeJournalLine(record), 1, false).then(
      () => this.scheduleFlush(),
      (error: unknown) => this.drop(1, error),
    );
  }

  private scheduleFlush(): void {
    if (this.isClosing) return;
    const hasRecordsInMemory = this.queue.length > 0;
    if (this.timer && (!this.isTimerForReplayOnly || !hasRecordsInMemory)) return;
    if (this.timer) clearTimeout(this.timer);
    // Records in memory are flushed within the window (spilled if the store is backing off); records safe in
    // the journal wait for the store's retry time, without keeping the process alive.
    const waitMs = hasRecordsInMemory
      ? this.options.flushIntervalMs
      : Math.max(this.options.flushIntervalMs, this.retryAtMs - this.options.now());
    this.isTimerForReplayOnly = !hasRecordsInMemory;
    this.timer = setTimeout(() => this.onTimer(), waitMs);
    if (!hasRecordsInMemory) this.timer.unref();
  }

  private onTimer(): void {
    this.timer = null;
    if (this.isStoreWorkRunning) {
      // The store is still busy with the previous batch. Batched mode promises a hard kill loses at most one
      // window, so this window's records go to the journal now; strict records are there already.
      if (!this.isStrict) this.spillQueue();
      return;
    }
    void this.exclusive(() => this.flushOnce(false));
  }

  private spillQueue(): void {
    const records = this.queue;
    this.queue = [];
    // Rescheduled once written, so the spilled records are replayed even if nothing else is appended.
    if (records.length > 0) void this.spill(records, []).then(() => this.scheduleFlush());
  }

  private async flushOnce(ignoreBackoff: boolean): Promise<void> {
    const startedAt = this.options.now();
    // Sealing the current segment lets it be deleted once this batch is confirmed, or replayed if not.
    this.journal.rotate();
    const records = this.queue;
    const segments = this.queueSegments;
    this.queue = [];
    this.queueSegments = [];
    const isBackingOff = !ignoreBackoff && startedAt < this.retryAtMs;
    let hasStoreAnswered = !isBackingOff;
    if (records.length > 0) {
      if (isBackingOff) await this.spill(records, segments);
      else hasStoreAnswered = await this.writeBatch(records, segments);
    }
    // A store that just failed this batch is not asked again for the journal in the same flush.
    if (hasStoreAnswered) await this.replaySegments();
    const endedAt = this.options.now();
    this.counters.lastFlushMs = endedAt - startedAt;
    this.counters.lastFlushAt = endedAt;
    if (this.queue.length > 0 || this.journal.hasRecordsToReplay()) this.scheduleFlush();
  }

  /** Returns whether the store took the batch. */
  private async writeBatch(records: LedgerRecord[], segments: Array<JournalSegment | null>): Promise<boolean> {
    try {
      await this.insert(records);
    } catch (error) {
      this.noteStoreFailure(error, records.length);
      await this.spill(records, segments);
      return false;
    }
    this.noteStoreSuccess(records.length);
    forEachSegmentRun(segments, (segment, count) => this.journal.confirm(segment, count));
    return true;
  }

  /** Moves records that did not reach the store into the journal; strict records are in it already. */
  private async spill(records: LedgerRecord[], segments: Array<JournalSegment | null>): Promise<void> {
    forEachSegmentRun(segments, (segment, count) => this.journal.releaseToReplay(segment, count));
    const unjournaled = segments.length === 0 ? records : records.filter((_, index) => segments[index] === null);
    if (unjournaled.length === 0) return;
    try {
      await this.journal.append(unjournaled.map(encodeJournalLine).join(''), unjournaled.length, false);
    } catch (error) {
      this.keepInMemory(unjournaled, error);
    }
  }

  private async replaySegments(): Promise<void> {
    for (const segment of this.journal.segmentsToReplay()) {
      let records: LedgerRecord[];
      try {
        records = (await this.journal.read(segment)).records;
      } catch (error) {
        this.options.logger.error({ segment: segment.path, err: describe(error) }, 'cannot read a ledger journal segment; will retry');
        continue;
      }
      try {
        for (let start = 0; start < records.length; start += REPLAY_CHUNK_RECORDS) {
          await this.insert(records.slice(start, start + REPLAY_CHUNK_RECORDS));
        }
      } catch (error) {
        this.noteStoreFailure(error, records.length);
        return;
      }
      this.noteStoreSuccess(records.length);
      await this.journal.remove(segment).catch((error: unknown) => {
        this.options.logger.error({ segment: segment.path, err: describe(error) }, 'replayed ledger journal segment could not be deleted');
      });
    }
  }

  private insert(records: readonly LedgerRecord[]): Promise<void> {
    return insertWithTimeout(this.options.store, records, this.storeTimeoutMs);
  }

  private noteStoreSuccess(recordCount: number): void {
    this.counters.written += recordCount;
    this.consecutiveFailures = 0;
    this.retryAtMs = 0;
  }

  private noteStoreFailure(error: unknown, recordCount: number): void {
    this.counters.failedFlushes += 1;
    this.consecutiveFailures += 1;
    const retryInMs = retryDelayMs(this.consecutiveFailures);
    this.retryAtMs = this.options.now() + retryInMs;
    this.options.logger.warn(
      { err: describe(error), records: recordCount, retryInMs, consecutiveFailures: this.consecutiveFailures },
      'ledger store write failed; records are kept in the local journal and retried',
    );
  }

  /** Last resort when the journal cannot take records: memory up to its bound, and the rest is lost, loudly. */
  private keepInMemory(records: LedgerRecord[], error: unknown): void {
    const room = Math.max(0, this.options.maxQueuedRecords - this.queue.length - this.reservedSlots);
    const kept = records.slice(0, room);
    this.queue.push(...kept);
    if (this.isStrict) for (let index = 0; index < kept.length; index++) this.queueSegments.push(null);
    this.options.logger.error({ err: describe(error), records: records.length, keptInMemory: kept.length }, 'ledger journal write failed');
    if (kept.length < records.length) this.drop(records.length - kept.length, error);
  }

  private drop(recordCount: number, error: unknown): void {
    this.counters.dropped += recordCount;
    this.options.logger.error({ err: describe(error), records: recordCount }, 'ledger records lost: the journal failed and memory is full');
  }

  /** Runs store work one task at a time; a task never rejects the chain. */
  private exclusive(task: () => Promise<void>): Promise<void> {
    const run = this.work.then(async () => {
      this.isStoreWorkRunning = true;
      try {
        await task();
      } catch (error) {
        this.options.logger.error({ err: describe(error) }, 'ledger flush failed unexpectedly');
      } finally {
        this.isStoreWorkRunning = false;
      }
    });
    this.work = run;
    return run;
  }

  private async shutdown(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.journal.idle();
    await this.exclusive(() => this.flushOnce(true));
    await this.journal.idle();
    if (this.journal.hasRecordsToReplay()) {
      this.options.logger.warn(
        { records: this.journal.diskOnlyRecords(), journalDir: this.journal.directory },
        'ledger closed with records the store did not take; they stay in the journal and are written at the next start',
      );
    }
    await this.journal.close();
  }
}

/** Calls `visit` once per run of consecutive records that share a journal segment. */
function forEachSegmentRun(segments: ReadonlyArray<JournalSegment | null>, visit: (segment: JournalSegment, count: number) => void): void {
  let current: JournalSegment | null = null;
  let count = 0;
  for (const segment of segments) {
    if (segment === current) {
      count += 1;
      continue;
    }
    if (current) visit(current, count);
    current = segment;
    count = 1;
  }
  if (current) visit(current, count);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
