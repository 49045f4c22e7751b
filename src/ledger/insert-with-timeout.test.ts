import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRequests, openStore } from '../store/index.js';
import type { Store } from '../store/index.js';
import { sampleLedgerRecord } from '../store/test-fixtures/sample-ledger-record.js';
import { insertWithTimeout } from './insert-with-timeout.js';
import { FlakyStore } from './test-fixtures/flaky-store.js';

describe('insertWithTimeout', () => {
  let directory = '';
  let store: Store;

  beforeAll(async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), 'tollgate-timeout-'));
    store = await openStore(`sqlite://${path.join(directory, 'tollgate.db')}`);
  });

  afterAll(async () => {
    await store.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('writes through when the store answers in time', async () => {
    await insertWithTimeout(store, [sampleLedgerRecord('in-time')], 5_000);
    expect(await countRequests(store)).toBe(1);
  });

  it('gives up on a store that hangs, and the late write still lands once', async () => {
    const slow = new FlakyStore(store);
    const release = slow.holdWrites();
    await expect(insertWithTimeout(slow, [sampleLedgerRecord('late')], 50)).rejects.toThrow(/did not answer within 50 ms/);
    release();
    await expect.poll(() => countRequests(store)).toBe(2);
  });
});
