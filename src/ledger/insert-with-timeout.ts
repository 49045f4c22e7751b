import type { Store } from '../store/store.js';
import type { LedgerRecord } from './ledger-record.js';

/**
 * Writes records to the store, giving up after `timeoutMs`: a hung connection must not hold every later
 * batch hostage. A write that completes after giving up is harmless, since inserts are idempotent by id.
 */
export function insertWithTimeout(store: Store, records: readonly LedgerRecord[], timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timeout = setTimeout(() => reject(new Error(`the store did not answer within ${timeoutMs} ms`)), timeoutMs);
    Promise.resolve()
      .then(() => store.insertLedgerRecords(records))
      .then(resolve, reject)
      .finally(() => clearTimeout(timeout));
  });
}
