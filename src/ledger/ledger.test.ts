/**
 * The ledger's guarantees against real stores: SQLite in a temp dir always, Postgres when
 * TOLLGATE_TEST_POSTGRES_URL is set. Outages are real (a table renamed away) or come from a thin
 * wrapper that fails or holds the real store's writes.
 */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../store/index.js';
import type { Store } from '../store/index.js';
import { createPostgresTestSchema, POSTGRES_TEST_URL, warnWhenPostgresIsSkipped } from '../store/test-fixtures/postgres-test-schema.js';
import { sampleLedgerRecord, sampleLedgerRecords } from '../store/test-fixtures/sample-ledger-record.js';
import { openLedger } from './index.js';
import type { Ledger, LedgerOptions } from './index.js';
import { encodeJournalLine } from './journal-codec.js';
import { collectingLogger } from './test-fixtures/collecting-logger.js';
import { FlakyStore } from './test-fixtures/flaky-store.js';

interface StoreUnderTest {
  open(): Promise<Store>;
  cleanup(): Promise<void>;
}

function ledgerContract(prepare: () => Promise<StoreUnderTest>): void {
  let target: StoreUnderTest;
  let store: Store;
  let journalDir = '';
  let prefix = '';
  let testNumber = 0;
  const ledgers: Ledger[] = [];

  beforeAll(async () => {
    target = await prepare();
    store = await target.open();
  });

  afterAll(async () => {
    await store.close();
    await target.cleanup();
  });

  beforeEach(async () => {
    journalDir = await mkdtemp(path.join(os.tmpdir(), 'tollgate-ledger-'));
    prefix = `t${++testNumber}`;
  });

  afterEach(async () => {
    await Promise.all(ledgers.splice(0).map((ledger) => ledger.close().catch(() => undefined)));
    await rm(journalDir, { recursive: true, force: true });
  });

  async function open(overrides: Partial<LedgerOptions> = {}): Promise<Ledger> {
    const ledger = await openLedger({
      store, durability: 'batched', flushIntervalMs: 60_000, journalDir, maxQueuedRecords: 10_000, logger: collectingLogger(), ...overrides,
    });
    ledgers.push(ledger);
    return ledger;
  }

  async function rows(): Promise<number> {
    const row = await store.db.selectFrom('requests').select((expression) => expression.fn.countAll().as('count')).where('id', 'like', `${prefix}-%`).executeTakeFirstOrThrow();
    return Number(row.count);
  }

  const segmentFiles = async () => (await readdir(journalDir)).filter((name) => name.endsWith('.jsonl'));
  const records = (count: number) => sampleLedgerRecords(prefix, count);

  it('batched: writes a record after the flush interval, not before', async () => {
    const flaky = new FlakyStore(store);
    const ledger = await open({ store: flaky, flushIntervalMs: 100 });
    const appendedAt = Date.now();
    await ledger.append(sampleLedgerRecord(`${prefix}-0`));
    expect(await rows()).toBe(0);
    await expect.poll(rows, { timeout: 5_000, interval: 10 }).toBe(1);
    const [call] = flaky.calls;
    expect(call?.at).toBeGreaterThanOrEqual(appendedAt + 98);
    expect(call?.at).toBeLessThan(appendedAt + 100 + 2_000);
    expect(ledger.stats()).toMatchObject({ queued: 0, written: 1, failedFlushes: 0 });
    expect(ledger.stats().lastFlushMs).not.toBeNull();
    await ledger.append(sampleLedgerRecord(`${prefix}-1`));
    await expect.poll(rows, { timeout: 5_000, interval: 10 }).toBe(2);
  });

  it('close() flushes everything appended', async () => {
    const ledger = await open();
    for (const record of records(50)) await ledger.append(record);
    expect(ledger.stats().queued).toBe(50);
    await ledger.close();
    expect(await rows()).toBe(50);
    await expect(ledger.append(sampleLedgerRecord(`${prefix}-late`))).rejects.toThrow(/closed/);
  });

  it('is idempotent: the same record appended twice is one row', async () => {
    const ledger = await open();
    const record = sampleLedgerRecord(`${prefix}-same`);
    await ledger.append(record);
    await ledger.append(record);
    await ledger.flush();
    await ledger.append(record);
    await ledger.close();
    expect(await rows()).toBe(1);
  });

  it('strict: records acknowledged and never flushed survive, replayed by the next ledger on the journal', async () => {
    const crashed = await open({ durability: 'strict' });
    await Promise.all(records(40).map((record) => crashed.append(record)));
    expect(await rows()).toBe(0);
    expect((await segmentFiles()).length).toBeGreaterThan(0);
    // No close(): the next ledger opens over the same journal and store, as after SIGKILL.
    const restarted = await open({ durability: 'strict' });
    expect(await rows()).toBe(40);
    expect(restarted.stats().written).toBe(40);
    expect(await segmentFiles()).toEqual([]);
  });

  it('strict: a confirmed flush deletes its journal segments', async () => {
    const ledger = await open({ durability: 'strict', flushIntervalMs: 20 });
    await Promise.all(records(30).map((record) => ledger.append(record)));
    await expect.poll(rows, { timeout: 5_000 }).toBe(30);
    await expect.poll(segmentFiles, { timeout: 5_000 }).toEqual([]);
  });

  for (const durability of ['batched', 'strict'] as const) {
    it(`${durability}: a failing store spills to the journal, then every record lands exactly once when it answers`, async () => {
      const flaky = new FlakyStore(store);
      flaky.failNext(2);
      const ledger = await open({ store: flaky, durability, flushIntervalMs: 20 });
      const appended = records(30);
      const appendsStarted = Date.now();
      await Promise.all(appended.map((record) => ledger.append(record)));
      expect(Date.now() - appendsStarted).toBeLessThan(2_000);
      await ledger.flush();
      expect(ledger.stats()).toMatchObject({ queued: 0, spilledOnDisk: 30, failedFlushes: 1 });
      await expect.poll(rows, { timeout: 10_000 }).toBe(30);
      expect(ledger.stats()).toMatchObject({ spilledOnDisk: 0, failedFlushes: 2, queued: 0 });
      const storedTimes = new Map<string, number>();
      for (const call of flaky.calls) if (call.outcome === 'ok') for (const id of call.ids) storedTimes.set(id, (storedTimes.get(id) ?? 0) + 1);
      expect([...storedTimes.keys()].sort()).toEqual(appended.map((record) => record.id).sort());
      expect([...storedTimes.values()].every((times) => times === 1)).toBe(true);
      await expect.poll(segmentFiles).toEqual([]);
    });
  }

  it('a real outage (the requests table renamed away) spills, then replays when the table is back', async () => {
    const ledger = await open({ flushIntervalMs: 20 });
    await sql`alter table requests rename to requests_away`.execute(store.db);
    try {
      for (const record of records(12)) await ledger.append(record);
      await ledger.flush();
      expect(ledger.stats().spilledOnDisk).toBe(12);
      expect(ledger.stats().failedFlushes).toBeGreaterThanOrEqual(1);
    } finally {
      await sql`alter table requests_away rename to requests`.execute(store.db);
    }
    await expect.poll(rows, { timeout: 10_000 }).toBe(12);
    expect(ledger.stats().spilledOnDisk).toBe(0);
  });

  it('opens while the store is down and replays the journal in the background once it answers', async () => {
    const down = new FlakyStore(store);
    down.failNext(Number.MAX_SAFE_INTEGER);
    const first = await open({ store: down });
    for (const record of records(8)) await first.append(record);
    await first.close();
    expect((await segmentFiles()).length).toBeGreaterThan(0);

    const recovering = new FlakyStore(store);
    recovering.failNext(1);
    const second = await open({ store: recovering, flushIntervalMs: 20 });
    expect(await rows()).toBe(0);
    expect(second.stats()).toMatchObject({ spilledOnDisk: 8, failedFlushes: 1 });
    await expect.poll(rows, { timeout: 10_000 }).toBe(8);
    await expect.poll(segmentFiles).toEqual([]);
  });

  it('skips and counts a torn last journal line, replaying the complete ones', async () => {
    const complete = records(3).map(encodeJournalLine).join('');
    const torn = encodeJournalLine(sampleLedgerRecord(`${prefix}-torn`)).slice(0, 120);
    await writeFile(path.join(journalDir, 'segment-000001700000000-000000.jsonl'), complete + torn);
    const ledger = await open();
    expect(await rows()).toBe(3);
    expect(ledger.stats().journalLinesSkipped).toBe(1);
    expect(await segmentFiles()).toEqual([]);
  });

  for (const durability of ['batched', 'strict'] as const) {
    it(`${durability}: memory stays within maxQueuedRecords while the store is slow; the rest goes to the journal`, async () => {
      const slow = new FlakyStore(store);
      const release = slow.holdWrites();
      const ledger = await open({ store: slow, durability, flushIntervalMs: 20, maxQueuedRecords: 10 });
      const appended = records(101);
      await ledger.append(appended[0] ?? sampleLedgerRecord('missing'));
      await expect.poll(() => slow.calls.length, { timeout: 5_000 }).toBe(1);
      let largestQueue = 0;
      for (const record of appended.slice(1)) {
        await ledger.append(record);
        largestQueue = Math.max(largestQueue, ledger.stats().queued);
      }
      expect(largestQueue).toBeLessThanOrEqual(10);
      await expect.poll(() => ledger.stats().spilledOnDisk, { timeout: 5_000 }).toBeGreaterThan(0);
      release();
      await ledger.close();
      expect(await rows()).toBe(101);
    });
  }

  it('batched: while the store is busy past a window, that window goes to the journal (a hard kill loses at most one window)', async () => {
    const slow = new FlakyStore(store);
    const release = slow.holdWrites();
    const ledger = await open({ store: slow, flushIntervalMs: 30 });
    const [first, ...rest] = records(6);
    await ledger.append(first ?? sampleLedgerRecord('missing'));
    await expect.poll(() => slow.calls.length, { timeout: 5_000 }).toBe(1);
    for (const record of rest) await ledger.append(record);
    await expect.poll(() => ledger.stats(), { timeout: 5_000 }).toMatchObject({ queued: 0, spilledOnDisk: 5 });
    release();
    await ledger.close();
    expect(await rows()).toBe(6);
  });
}

describe('ledger on SQLite', () => {
  ledgerContract(async () => {
    const directory = await mkdtemp(path.join(os.tmpdir(), 'tollgate-ledger-store-'));
    const url = `sqlite://${path.join(directory, 'tollgate.db')}`;
    return { open: () => openStore(url), cleanup: () => rm(directory, { recursive: true, force: true }) };
  });
});

warnWhenPostgresIsSkipped('ledger.test.ts');
describe.skipIf(!POSTGRES_TEST_URL)('ledger on Postgres', () => {
  ledgerContract(async () => {
    const schema = createPostgresTestSchema('ledger');
    return { open: () => openStore(schema.url), cleanup: () => schema.drop() };
  });
});
