import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { countRequests, openStore } from '../index.js';
import type { Store } from '../store.js';
import { sampleLedgerRecord } from '../test-fixtures/sample-ledger-record.js';
import { startRetentionJob } from './retention.js';

const DAY = 86_400_000;
let cleanup: (() => Promise<void>) | undefined;

afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function storeWith(ages: number[], nowMs: number): Promise<Store> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'tollgate-retention-'));
  const store = await openStore(`sqlite://${path.join(directory, 'retention.db')}`);
  cleanup = async () => {
    await store.close();
    await rm(directory, { recursive: true, force: true });
  };
  await store.insertLedgerRecords(ages.map((ageDays, index) => sampleLedgerRecord(`age-${index}`, { createdAt: new Date(nowMs - ageDays * DAY) })));
  return store;
}

describe('startRetentionJob', () => {
  it('deletes requests older than retentionDays, with their attempts and tags, and keeps the rest', async () => {
    const now = Date.parse('2025-06-10T00:00:00Z');
    const store = await storeWith([1, 29, 31, 45], now);
    const warnings: string[] = [];
    const job = startRetentionJob({ store, retentionDays: 30, now: () => now, logger: { warn: (_, message) => warnings.push(message), error: () => undefined } });
    expect(await job.runOnce()).toBe(2);
    await job.stop();
    expect(await countRequests(store)).toBe(2);
    const attempts = await store.db.selectFrom('attempts').select('request_id').distinct().orderBy('request_id').execute();
    expect(attempts.map((row) => row.request_id)).toEqual(['age-0', 'age-1']);
    const tags = await store.db.selectFrom('request_tags').select('request_id').distinct().orderBy('request_id').execute();
    expect(tags.map((row) => row.request_id)).toEqual(['age-0', 'age-1']);
    expect(warnings).toEqual([]);
  });

  it('logs a failed pass instead of throwing, and tries again next time', async () => {
    const now = Date.now();
    const store = await storeWith([40], now);
    const warnings: string[] = [];
    await store.close();
    const job = startRetentionJob({ store, retentionDays: 30, now: () => now, logger: { warn: (_, message) => warnings.push(message), error: () => undefined } });
    expect(await job.runOnce()).toBe(0);
    await job.stop();
    expect(warnings).toEqual(['ledger retention pass failed; retrying at the next interval']);
  });
});
