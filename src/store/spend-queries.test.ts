/** Spend per scope and window, on SQLite always and on Postgres when TOLLGATE_TEST_POSTGRES_URL is set. */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from './index.js';
import type { Store } from './index.js';
import { sumSpend, sumSpendByBucket } from './spend-queries.js';
import { createPostgresTestSchema, POSTGRES_TEST_URL, warnWhenPostgresIsSkipped } from './test-fixtures/postgres-test-schema.js';
import { sampleLedgerRecord } from './test-fixtures/sample-ledger-record.js';

const BASE = Date.parse('2034-01-01T00:00:00Z');
const EACH = 1_020_000_000n;

function spendQueriesContract(openTestStore: () => Promise<{ store: Store; cleanup: () => Promise<void> }>): void {
  let store: Store;
  let cleanup: () => Promise<void>;
  const window = { fromMs: BASE, toMs: BASE + 3_600_000 };

  beforeAll(async () => {
    ({ store, cleanup } = await openTestStore());
    await store.insertLedgerRecords([
      sampleLedgerRecord('spend-a', { createdAt: new Date(BASE), user: 'u1', team: 'red', feature: 'chat', keyId: 'key_a', tags: ['x', 'y'] }),
      sampleLedgerRecord('spend-b', { createdAt: new Date(BASE + 600_000), user: 'u1', team: 'blue', feature: 'chat', keyId: 'key_b', tags: ['y'] }),
      sampleLedgerRecord('spend-c', { createdAt: new Date(BASE + 700_000), user: 'u2', team: 'red', feature: 'search', keyId: 'key_a', tags: [] }),
      sampleLedgerRecord('spend-unknown', { createdAt: new Date(BASE + 800_000), user: 'u1', tags: ['x'], cost: { status: 'unknown', totalPico: null, lines: {}, priceSource: null } }),
      sampleLedgerRecord('spend-later', { createdAt: new Date(BASE + 3_600_000), user: 'u1', tags: ['x'] }),
    ]);
  });
  afterAll(async () => {
    await store.close();
    await cleanup();
  });

  it('sums each scope exactly within the window, unknown costs as nothing', async () => {
    expect(await sumSpend(store, { kind: 'global' }, window)).toBe(3n * EACH);
    expect(await sumSpend(store, { kind: 'user', value: 'u1' }, window)).toBe(2n * EACH);
    expect(await sumSpend(store, { kind: 'team', value: 'red' }, window)).toBe(2n * EACH);
    expect(await sumSpend(store, { kind: 'feature', value: 'search' }, window)).toBe(EACH);
    expect(await sumSpend(store, { kind: 'key', value: 'key_a' }, window)).toBe(2n * EACH);
    expect(await sumSpend(store, { kind: 'tag', value: 'y' }, window)).toBe(2n * EACH);
    expect(await sumSpend(store, { kind: 'tag', value: 'x' }, window)).toBe(EACH);
    expect(await sumSpend(store, { kind: 'user', value: 'nobody' }, window)).toBe(0n);
  });

  it('splits the sum into time buckets', async () => {
    const buckets = await sumSpendByBucket(store, { kind: 'user', value: 'u1' }, { fromMs: BASE, toMs: BASE + 7_200_000 }, 300_000);
    expect([...buckets.entries()].sort(([left], [right]) => left - right)).toEqual([
      [BASE / 300_000, EACH],
      [BASE / 300_000 + 2, EACH],
      [BASE / 300_000 + 12, EACH],
    ]);
  });
}

describe('spend queries on SQLite', () => {
  spendQueriesContract(async () => {
    const directory = await mkdtemp(path.join(os.tmpdir(), 'tollgate-spend-queries-'));
    const store = await openStore(`sqlite://${path.join(directory, 'ledger.db')}`);
    return { store, cleanup: () => rm(directory, { recursive: true, force: true }) };
  });
});

warnWhenPostgresIsSkipped('spend queries');

describe.skipIf(!POSTGRES_TEST_URL)('spend queries on Postgres', () => {
  spendQueriesContract(async () => {
    const schema = createPostgresTestSchema('spend');
    const store = await openStore(schema.url);
    return { store, cleanup: () => schema.drop() };
  });
});
