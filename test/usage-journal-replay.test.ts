/**
 * Regression: a record that waits in the ledger journal (store down, or a flush overlapping the next
 * window) used to come back without its cache savings and bodies, so /v1/usage under-reported savings
 * whenever the store had been slow. Both must survive the journal.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { decodeJournalLine, encodeJournalLine } from '../src/ledger/journal-codec.js';
import { openLedger } from '../src/ledger/index.js';
import { FlakyStore } from '../src/ledger/test-fixtures/flaky-store.js';
import { openStore } from '../src/store/index.js';
import { sampleLedgerRecord } from '../src/store/test-fixtures/sample-ledger-record.js';
import { queryUsage } from '../src/store/usage/usage-query.js';
import { makeTempDir } from './helpers/temp-dir.js';

const silent = { warn: () => undefined, error: () => undefined };
const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('usage fields through the ledger journal', () => {
  it('encodes and decodes cache savings (past 2^53) and bodies, and reads lines written without them', () => {
    const record = sampleLedgerRecord('journal-fields', { cacheSavingsPico: 2n ** 60n + 3n, bodies: { request: '{"a":1}', response: 'data: {"b":2}\n\n' } });
    expect(decodeJournalLine(encodeJournalLine(record).slice(0, -1))).toEqual(record);
    const unknownSavings = sampleLedgerRecord('journal-null', { cacheSavingsPico: null });
    expect(decodeJournalLine(encodeJournalLine(unknownSavings).slice(0, -1))).toEqual(unknownSavings);
    const older = sampleLedgerRecord('journal-older');
    expect(decodeJournalLine(encodeJournalLine(older).slice(0, -1))).toEqual(older);
  });

  it('a record replayed after a store failure keeps its savings in the rollups and its bodies', async () => {
    const temp = makeTempDir();
    cleanups.push(() => temp.cleanup());
    const store = new FlakyStore(await openStore(`sqlite://${temp.path}/ledger.db`));
    cleanups.push(() => store.close());
    const ledger = await openLedger({ store, durability: 'batched', flushIntervalMs: 20, journalDir: `${temp.path}/journal`, maxQueuedRecords: 100, logger: silent });
    cleanups.push(() => ledger.close());
    store.failNext(1);
    const record = sampleLedgerRecord('replayed', { cacheSavingsPico: 123_456_789n, bodies: { request: 'req', response: 'res' } });
    await ledger.append(record);
    await ledger.flush();
    expect(ledger.stats().spilledOnDisk).toBe(1);
    await ledger.flush();
    expect(ledger.stats().spilledOnDisk).toBe(0);

    const at = record.createdAt.getTime();
    const usage = await queryUsage(store, { fromMs: at - 3_600_000, toMs: at + 3_600_000, groupBy: [], interval: null, filters: {}, exactPercentiles: false });
    expect(usage.total.measures.money.cache_savings_pico).toBe(123_456_789n);
    const bodies = await store.db.selectFrom('request_bodies').selectAll().execute();
    expect(bodies).toEqual([{ request_id: 'replayed', request_body: 'req', response_body: 'res' }]);
  });
});
