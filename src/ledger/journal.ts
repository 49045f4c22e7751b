/**
 * The ledger's local journal: append-only JSON-lines segment files in one directory.
 *
 * Appends are group-committed: whatever arrives while a write and its fsync are under way goes out in the
 * next write with one fsync, so strict durability costs one fsync per batch rather than per request.
 * A segment is deleted once every record in it is confirmed in the store; a segment holding records that
 * exist nowhere else (spilled, or past the memory bound) is replayed into the store and then deleted.
 * Each process starts new segments and never appends to old ones, so a torn line is always a file's last.
 */
import { mkdir, open, readdir, unlink } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { acquireJournalLock, isErrorCode } from './journal-lock.js';
import type { JournalLock } from './journal-lock.js';
import { readJournalSegment } from './journal-reader.js';
import type { JournalSegmentContents } from './journal-reader.js';

const SEGMENT_FILE = /^segment-\d+-\d+\.jsonl$/;
/** Bounds how much one replay reads into memory. */
const MAX_SEGMENT_BYTES = 32 * 1024 * 1024;

export class JournalSegment {
  /** Records written to the file (for a segment found at start, known once it has been read). */
  records = 0;
  /** Records whose only copy is this file; they are replayed from it. */
  diskOnlyRecords = 0;
  /** Records also held in memory that the store has not confirmed yet. */
  unconfirmed = 0;
  needsReplay = false;
  isSealed = false;
  isRemoved = false;
  wasRead = false;
  writesInFlight = 0;
  bytes = 0;
  handle: FileHandle | null = null;

  constructor(readonly path: string) {}

  get isReplayable(): boolean {
    return this.isSealed && this.needsReplay && !this.isRemoved && this.writesInFlight === 0;
  }
}

interface PendingAppend {
  recordCount: number;
  isHeldInMemory: boolean;
  resolve(segment: JournalSegment): void;
  reject(error: unknown): void;
}

export interface JournalOptions {
  now: () => number;
  onError(details: object, message: string): void;
}

export class Journal {
  private readonly segments: JournalSegment[] = [];
  private active: JournalSegment | null = null;
  private pendingText: string[] = [];
  private pendingAppends: PendingAppend[] = [];
  private writing: Promise<void> | null = null;
  private nextSequence = 0;
  private isClosed = false;
  /** Lines skipped as torn or unreadable, over every segment read. */
  skippedLines = 0;
  /** fsyncs done: with group commit, far fewer than strict appends. */
  fsyncs = 0;

  private constructor(readonly directory: string, readonly lock: JournalLock, private readonly options: JournalOptions) {}

  static async open(directory: string, options: JournalOptions): Promise<Journal> {
    await mkdir(directory, { recursive: true });
    const lock = await acquireJournalLock(directory);
    const journal = new Journal(directory, lock, options);
    const names = (await readdir(directory)).filter((name) => SEGMENT_FILE.test(name)).sort();
    for (const name of names) {
      const segment = new JournalSegment(path.join(directory, name));
      segment.isSealed = true;
      segment.needsReplay = true;
      journal.segments.push(segment);
    }
    return journal;
  }

  /**
   * Appends `text` (complete lines) holding `recordCount` records; resolves after fsync with the segment
   * it landed in. `isHeldInMemory` says whether the caller keeps the records queued for the store: if not,
   * this file is their only copy and the segment will be replayed.
   */
  append(text: string, recordCount: number, isHeldInMemory: boolean): Promise<JournalSegment> {
    if (this.isClosed) return Promise.reject(new Error('the ledger journal is closed'));
    return new Promise((resolve, reject) => {
      this.pendingText.push(text);
      this.pendingAppends.push({ recordCount, isHeldInMemory, resolve, reject });
      this.writing ??= this.drain();
    });
  }

  /** Resolves when every append made so far has been written (or has failed). */
  idle(): Promise<void> {
    return this.writing ?? Promise.resolve();
  }

  /** Seals the segment being written, so that it can be deleted or replayed; the next append starts a new one. */
  rotate(): void {
    const active = this.active;
    if (active && (active.records > 0 || active.writesInFlight > 0)) this.seal(active);
  }

  /** Records held in memory from this segment are now in the store. */
  confirm(segment: JournalSegment, recordCount: number): void {
    segment.unconfirmed -= recordCount;
    this.removeIfDone(segment);
  }

  /** Records held in memory from this segment did not reach the store: replay them from the file instead. */
  releaseToReplay(segment: JournalSegment, recordCount: number): void {
    segment.unconfirmed -= recordCount;
    segment.diskOnlyRecords += recordCount;
    segment.needsReplay = true;
  }

  segmentsToReplay(): JournalSegment[] {
    return this.segments.filter((segment) => segment.isReplayable);
  }

  hasRecordsToReplay(): boolean {
    return this.segments.some((segment) => segment.needsReplay && !segment.isRemoved);
  }

  diskOnlyRecords(): number {
    let total = 0;
    for (const segment of this.segments) if (!segment.isRemoved) total += segment.diskOnlyRecords;
    return total;
  }

  async read(segment: JournalSegment): Promise<JournalSegmentContents> {
    let contents: JournalSegmentContents;
    try {
      contents = await readJournalSegment(segment.path);
    } catch (error) {
      // Gone: only a confirmed segment is ever deleted, so its records are in the store.
      if (!isErrorCode(error, 'ENOENT')) throw error;
      segment.isRemoved = true;
      return { records: [], skipped: [] };
    }
    if (!segment.wasRead) {
      segment.wasRead = true;
      this.skippedLines += contents.skipped.length;
      if (contents.skipped.length > 0) {
        this.options.onError({ segment: segment.path, skipped: contents.skipped }, 'ledger journal lines skipped as torn or unreadable');
      }
      if (segment.records === 0) {
        segment.records = contents.records.length;
        segment.diskOnlyRecords = contents.records.length;
      }
    }
    return contents;
  }

  /** Deletes a segment whose records are all in the store. */
  async remove(segment: JournalSegment): Promise<void> {
    if (segment.isRemoved) return;
    segment.isRemoved = true;
    if (this.active === segment) this.active = null;
    const index = this.segments.indexOf(segment);
    if (index >= 0) this.segments.splice(index, 1);
    await this.closeHandle(segment);
    await unlink(segment.path).catch((error: unknown) => {
      if (!isErrorCode(error, 'ENOENT')) throw error;
    });
  }

  async close(): Promise<void> {
    this.isClosed = true;
    await this.idle();
    if (this.active) this.seal(this.active);
    await Promise.all(this.segments.map((segment) => this.closeHandle(segment)));
    await this.lock.release();
  }

  private async drain(): Promise<void> {
    while (this.pendingText.length > 0) {
      const text = this.pendingText.join('');
      const appends = this.pendingAppends;
      this.pendingText = [];
      this.pendingAppends = [];
      await this.writeGroup(text, appends);
    }
    this.writing = null;
  }

  private async writeGroup(text: string, appends: PendingAppend[]): Promise<void> {
    let segment = this.active;
    if (!segment) {
      try {
        // A new, empty segment is never sealed by rotate(), so it is still ours when this resumes.
        segment = await this.createSegment();
      } catch (error) {
        for (const pending of appends) pending.reject(error);
        return;
      }
    }
    // No await between taking the active segment and counting this write in it: a rotate() in between
    // would otherwise close the file under the write.
    const handle = segment.handle;
    let held = 0;
    let total = 0;
    for (const pending of appends) {
      total += pending.recordCount;
      if (pending.isHeldInMemory) held += pending.recordCount;
    }
    // Counted before the write so that sealing the segment meanwhile cannot delete it under these records.
    segment.writesInFlight += 1;
    segment.unconfirmed += held;
    segment.diskOnlyRecords += total - held;
    if (total > held) segment.needsReplay = true;
    try {
      if (!handle) throw new Error(`journal segment ${segment.path} is not open`);
      await handle.appendFile(text);
      await handle.datasync();
      this.fsyncs += 1;
      segment.records += total;
      segment.bytes += Buffer.byteLength(text);
      for (const pending of appends) pending.resolve(segment);
    } catch (error) {
      segment.unconfirmed -= held;
      segment.diskOnlyRecords -= total - held;
      // A failed write may have left half a line: later lines must not be glued onto it.
      this.seal(segment);
      for (const pending of appends) pending.reject(error);
    } finally {
      segment.writesInFlight -= 1;
    }
    if (segment.bytes >= MAX_SEGMENT_BYTES && this.active === segment) this.seal(segment);
    if (segment.isSealed) {
      await this.closeHandle(segment);
      this.removeIfDone(segment);
    }
  }

  private async createSegment(): Promise<JournalSegment> {
    const sequence = String(this.nextSequence++).padStart(6, '0');
    const segment = new JournalSegment(path.join(this.directory, `segment-${String(this.options.now()).padStart(15, '0')}-${sequence}.jsonl`));
    segment.handle = await open(segment.path, 'a');
    await this.syncDirectory();
    this.segments.push(segment);
    this.active = segment;
    return segment;
  }

  private seal(segment: JournalSegment): void {
    segment.isSealed = true;
    if (this.active === segment) this.active = null;
    if (segment.writesInFlight === 0) {
      void this.closeHandle(segment).then(() => this.removeIfDone(segment));
    }
  }

  private removeIfDone(segment: JournalSegment): void {
    if (!segment.isSealed || segment.isRemoved || segment.writesInFlight > 0 || segment.unconfirmed > 0 || segment.needsReplay) return;
    this.remove(segment).catch((error: unknown) => {
      this.options.onError({ segment: segment.path, err: describe(error) }, 'could not delete a confirmed ledger journal segment');
    });
  }

  private async closeHandle(segment: JournalSegment): Promise<void> {
    const handle = segment.handle;
    if (!handle || segment.writesInFlight > 0) return;
    segment.handle = null;
    await handle.close().catch(() => undefined);
  }

  /** A new file's directory entry must be durable too, or power loss could lose the whole segment. */
  private async syncDirectory(): Promise<void> {
    let directory: FileHandle | undefined;
    try {
      directory = await open(this.directory, 'r');
      await directory.sync();
    } catch {
      // Some platforms cannot fsync a directory; the file's own fsync is the best they offer.
    } finally {
      await directory?.close().catch(() => undefined);
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
