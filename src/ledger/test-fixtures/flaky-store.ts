/**
 * A thin wrapper over a real store for outage tests: it can fail its next N writes, or hold writes until
 * released (a slow database). Everything else goes to the real store underneath.
 */
import type { Kysely } from 'kysely';
import type { Database, Store } from '../../store/index.js';
import type { LedgerRecord } from '../ledger-record.js';

export interface InsertCall {
  at: number;
  ids: string[];
  outcome: 'ok' | 'failed' | 'pending';
}

export class FlakyStore implements Store {
  readonly calls: InsertCall[] = [];
  private failuresLeft = 0;
  private hold: Promise<void> | null = null;
  private releaseHold: (() => void) | null = null;

  constructor(private readonly inner: Store) {}

  get engine(): Store['engine'] {
    return this.inner.engine;
  }

  get db(): Kysely<Database> {
    return this.inner.db;
  }

  failNext(count: number): void {
    this.failuresLeft = count;
  }

  /** Makes writes wait until the returned function is called. */
  holdWrites(): () => void {
    this.hold = new Promise<void>((resolve) => {
      this.releaseHold = resolve;
    });
    return () => {
      this.hold = null;
      this.releaseHold?.();
    };
  }

  async insertLedgerRecords(records: readonly LedgerRecord[]): Promise<void> {
    const call: InsertCall = { at: Date.now(), ids: records.map((record) => record.id), outcome: 'pending' };
    this.calls.push(call);
    if (this.hold) await this.hold;
    if (this.failuresLeft > 0) {
      this.failuresLeft -= 1;
      call.outcome = 'failed';
      throw new Error('store unavailable (test outage)');
    }
    await this.inner.insertLedgerRecords(records);
    call.outcome = 'ok';
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
