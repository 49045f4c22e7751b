import path from 'node:path';
import { Journal } from './journal.js';
import { LedgerWriter } from './ledger-writer.js';
import type { Ledger, LedgerLogger, LedgerOptions } from './ledger-types.js';

export type { AttemptOutcome, CostStatus, LedgerAttempt, LedgerCost, LedgerEndpoint, LedgerRecord, LedgerTokens, RequestStatus } from './ledger-record.js';
export type { Ledger, LedgerLogger, LedgerOptions, LedgerStats } from './ledger-types.js';

/** Used when the caller passes no logger: one JSON line on stderr, so a store outage is never silent. */
const stderrLogger: LedgerLogger = {
  warn: (details, message) => console.warn(JSON.stringify({ level: 'warn', msg: message, ...details })),
  error: (details, message) => console.error(JSON.stringify({ level: 'error', msg: message, ...details })),
};

/**
 * Opens the ledger over `journalDir` (created when missing, locked to this process) and replays whatever an
 * earlier run left in the journal before resolving. If the store cannot take it yet, the replay is retried
 * in the background and the ledger opens anyway.
 */
export async function openLedger(options: LedgerOptions): Promise<Ledger> {
  if (!(options.flushIntervalMs > 0)) throw new RangeError(`ledger flushIntervalMs must be positive, got ${options.flushIntervalMs}`);
  if (!Number.isSafeInteger(options.maxQueuedRecords) || options.maxQueuedRecords < 1) {
    throw new RangeError(`ledger maxQueuedRecords must be a positive integer, got ${options.maxQueuedRecords}`);
  }
  const logger = options.logger ?? stderrLogger;
  const now = options.now ?? Date.now;
  const journalDir = path.resolve(options.journalDir);
  const journal = await Journal.open(journalDir, { now, onError: (details, message) => logger.error(details, message) });
  if (journal.lock.wasHeldByThisProcess) {
    logger.warn({ journalDir }, 'ledger journal was still open in this process (a ledger not closed); taking it over');
  }
  const ledger = new LedgerWriter({ ...options, journalDir, logger, now }, journal);
  await ledger.replayAtStart();
  return ledger;
}
