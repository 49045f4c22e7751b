import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseUsd } from '../core/money.js';
import { openStore } from '../store/index.js';
import type { Store } from '../store/index.js';
import { sampleLedgerRecord } from '../store/test-fixtures/sample-ledger-record.js';
import { storeSeedSource } from './budget-seed-source.js';
import { LedgerSpendTracker } from './spend-tracker.js';

const ONE_REQUEST = parseUsd('0.00102');
const HOUR = 3_600_000;

describe('LedgerSpendTracker', () => {
  let directory: string;
  let store: Store;
  const now = Date.parse('2026-06-15T12:00:00Z');

  beforeAll(async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), 'tollgate-spend-'));
    store = await openStore(`sqlite://${path.join(directory, 'ledger.db')}`);
    await store.insertLedgerRecords([
      sampleLedgerRecord('recent-1', { user: 'spender', createdAt: new Date(now - 2 * HOUR) }),
      sampleLedgerRecord('recent-2', { user: 'spender', createdAt: new Date(now - 20 * HOUR) }),
      sampleLedgerRecord('too-old', { user: 'spender', createdAt: new Date(now - 25 * HOUR) }),
      sampleLedgerRecord('someone-else', { user: 'saver', createdAt: new Date(now - HOUR) }),
    ]);
  });

  afterAll(async () => {
    await store.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('reads a user\'s last 24 hours from the ledger once, then answers synchronously', async () => {
    const tracker = new LedgerSpendTracker({ seedSource: storeSeedSource(store), now: () => now });
    expect(tracker.spendLast24hPico('spender')).toBeUndefined();
    await tracker.prime('spender');
    expect(tracker.spendLast24hPico('spender')).toBe(2n * ONE_REQUEST);
    expect(tracker.spendLast24hPico('nobody')).toBeUndefined();
    await tracker.prime('nobody');
    expect(tracker.spendLast24hPico('nobody')).toBe(0n);
  });

  it('adds what this instance settles at once and lets spend age out of the window', async () => {
    let clock = now;
    const tracker = new LedgerSpendTracker({ seedSource: storeSeedSource(store), now: () => clock, refreshMs: 10 * 24 * HOUR });
    await tracker.prime('spender');
    tracker.record('spender', parseUsd('5'), now);
    expect(tracker.spendLast24hPico('spender')).toBe(2n * ONE_REQUEST + parseUsd('5'));
    // 22 h later the request from 20 h before the start has left the window (to the five-minute bucket).
    clock = now + 4 * HOUR + 5 * 60_000;
    expect(tracker.spendLast24hPico('spender')).toBe(ONE_REQUEST + parseUsd('5'));
    clock = now + 24 * HOUR + 5 * 60_000;
    expect(tracker.spendLast24hPico('spender')).toBe(0n);
  });

  it('refreshes from the ledger in the background, picking up other instances\' spend', async () => {
    let clock = now;
    const tracker = new LedgerSpendTracker({ seedSource: storeSeedSource(store), now: () => clock, refreshMs: 60_000 });
    await tracker.prime('saver');
    expect(tracker.spendLast24hPico('saver')).toBe(ONE_REQUEST);
    await store.insertLedgerRecords([sampleLedgerRecord('other-instance', { user: 'saver', createdAt: new Date(now + 30_000) })]);
    clock = now + 61_000;
    tracker.spendLast24hPico('saver');
    await vi.waitFor(() => expect(tracker.spendLast24hPico('saver')).toBe(2n * ONE_REQUEST));
  });

  it('keeps counting on its own records when there is no store', async () => {
    const tracker = new LedgerSpendTracker({ now: () => now });
    await tracker.prime('solo');
    tracker.record('solo', parseUsd('0.25'), now - HOUR);
    tracker.record('solo', parseUsd('0.5'), now - 30 * HOUR);
    expect(tracker.spendLast24hPico('solo')).toBe(parseUsd('0.25'));
  });
});
