/**
 * One contract suite that every store engine passes: SQLite always, Postgres when TOLLGATE_TEST_POSTGRES_URL is set.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { storeMigrations } from './migrations.js';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRequests, getRequest, openStore, sumCost } from './index.js';
import type { Store } from './index.js';
import { sampleLedgerRecord } from './test-fixtures/sample-ledger-record.js';
import { createPostgresTestSchema, POSTGRES_TEST_URL, warnWhenPostgresIsSkipped } from './test-fixtures/postgres-test-schema.js';

interface EngineUnderTest {
  /** Opens a store on this test's database; calling it again opens the same database anew. */
  open(): Promise<Store>;
  cleanup(): Promise<void>;
}

function storeContract(engine: 'sqlite' | 'postgres', prepare: () => Promise<EngineUnderTest>): void {
  let target: EngineUnderTest;
  let store: Store;

  beforeAll(async () => {
    target = await prepare();
    store = await target.open();
  });

  afterAll(async () => {
    await store.close();
    await target.cleanup();
  });

  it('reports its engine', () => {
    expect(store.engine).toBe(engine);
  });

  it('round-trips a full record: money, tags, attempts', async () => {
    const record = sampleLedgerRecord('round-trip');
    await store.insertLedgerRecords([record]);
    expect(await getRequest(store, 'round-trip')).toEqual(record);
  });

  it('keeps money above 2^53 picodollars exact, in the row and in sums', async () => {
    const huge = 2n ** 60n + 7n;
    const createdAt = new Date('2031-01-01T00:00:00.000Z');
    const record = sampleLedgerRecord('huge', {
      createdAt,
      cost: { status: 'exact', totalPico: huge, lines: { input: huge - 3n, output: 3n }, priceSource: 'config pricing.overrides["x"]' },
    });
    await store.insertLedgerRecords([record]);
    expect((await getRequest(store, 'huge'))?.cost).toEqual(record.cost);
    const window = { fromMs: createdAt.getTime(), toMs: createdAt.getTime() + 1 };
    expect(await sumCost(store, window)).toBe(huge);
  });

  it('sums past 2^63 picodollars exactly (where a plain SQLite SUM overflows)', async () => {
    const each = 2n ** 62n + 1n;
    const base = Date.parse('2032-01-01T00:00:00.000Z');
    const records = [0, 1, 2].map((index) =>
      sampleLedgerRecord(`overflow-${index}`, {
        createdAt: new Date(base + index),
        cost: { status: 'exact', totalPico: each, lines: { output: each }, priceSource: null },
      }),
    );
    await store.insertLedgerRecords(records);
    const total = await sumCost(store, { fromMs: base, toMs: base + 3 });
    expect(total).toBe(3n * each);
    expect(total > 2n ** 63n).toBe(true);
  });

  it('sums exactly in a window and leaves unknown costs out', async () => {
    const base = Date.parse('2033-01-01T00:00:00.000Z');
    await store.insertLedgerRecords([
      sampleLedgerRecord('window-a', { createdAt: new Date(base), cost: { status: 'exact', totalPico: 1n, lines: { input: 1n }, priceSource: null } }),
      sampleLedgerRecord('window-b', { createdAt: new Date(base + 10), cost: { status: 'estimated', totalPico: 999_999_999_999n, lines: { input: 999_999_999_999n }, priceSource: null } }),
      sampleLedgerRecord('window-unknown', { createdAt: new Date(base + 20), cost: { status: 'unknown', totalPico: null, lines: {}, priceSource: null } }),
      sampleLedgerRecord('window-after', { createdAt: new Date(base + 30), cost: { status: 'exact', totalPico: 5n, lines: { input: 5n }, priceSource: null } }),
    ]);
    expect(await sumCost(store, { fromMs: base, toMs: base + 30 })).toBe(1_000_000_000_000n);
    expect(await sumCost(store, { fromMs: base + 15, toMs: base + 25 })).toBe(0n);
    const unknown = await getRequest(store, 'window-unknown');
    expect(unknown?.cost).toEqual({ status: 'unknown', totalPico: null, lines: {}, priceSource: null });
  });

  it('is idempotent by id: the same record twice, across and within batches, is one row', async () => {
    const record = sampleLedgerRecord('twice');
    const before = await countRequests(store);
    await store.insertLedgerRecords([record]);
    await store.insertLedgerRecords([record, record]);
    expect(await countRequests(store)).toBe(before + 1);
    const attempts = await store.db.selectFrom('attempts').select('attempt').where('request_id', '=', 'twice').execute();
    expect(attempts.map((row) => row.attempt)).toEqual([1n, 2n]);
    const tags = await store.db.selectFrom('request_tags').select('tag').where('request_id', '=', 'twice').orderBy('tag').execute();
    expect(tags.map((row) => row.tag)).toEqual(['beta', 'eu']);
  });

  it('puts common cost lines in their own columns and the rest in cost_other_pico, read back as bigint', async () => {
    await store.insertLedgerRecords([
      sampleLedgerRecord('lines', {
        cost: {
          status: 'exact',
          totalPico: 1_111n,
          lines: { input: 1n, cache_read: 10n, cache_write: 100n, web_search: 400n, request: 600n },
          priceSource: null,
        },
      }),
    ]);
    const row = await store.db
      .selectFrom('requests')
      .select(['cost_pico', 'cost_input_pico', 'cost_cache_read_pico', 'cost_cache_write_pico', 'cost_output_pico', 'cost_reasoning_pico', 'cost_other_pico', 'cost_lines'])
      .where('id', '=', 'lines')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      cost_pico: 1_111n, cost_input_pico: 1n, cost_cache_read_pico: 10n, cost_cache_write_pico: 100n,
      cost_output_pico: 0n, cost_reasoning_pico: 0n, cost_other_pico: 1_000n,
      cost_lines: JSON.stringify({ input: '1', cache_read: '10', cache_write: '100', web_search: '400', request: '600' }),
    });
  });

  it('groups by tag with a join over request_tags, a request counting once per distinct tag', async () => {
    await store.insertLedgerRecords([
      sampleLedgerRecord('tag-1', { tags: ['grouping-x', 'grouping-y', 'grouping-x'] }),
      sampleLedgerRecord('tag-2', { tags: ['grouping-x'] }),
    ]);
    const rows = await store.db
      .selectFrom('request_tags')
      .innerJoin('requests', 'requests.id', 'request_tags.request_id')
      .select(['request_tags.tag', (expression) => expression.fn.countAll().as('requests')])
      .where('request_tags.tag', 'like', 'grouping-%')
      .groupBy('request_tags.tag')
      .orderBy('request_tags.tag')
      .execute();
    expect(rows).toEqual([{ tag: 'grouping-x', requests: 2n }, { tag: 'grouping-y', requests: 1n }]);
    expect((await getRequest(store, 'tag-1'))?.tags).toEqual(['grouping-x', 'grouping-y']);
  });

  it('stores values that would poison a batch (NUL bytes, NaN counts) instead of failing it', async () => {
    const record = sampleLedgerRecord('poison', { errorClass: 'bad\u0000class', latencyMs: Number.NaN, ttftMs: 12.7 });
    await store.insertLedgerRecords([record]);
    const stored = await getRequest(store, 'poison');
    expect(stored?.errorClass).toBe('badclass');
    expect(stored?.latencyMs).toBe(0);
    expect(stored?.ttftMs).toBe(12);
  });

  it('runs its migrations once: reopening finds the schema current', async () => {
    const again = await target.open();
    try {
      const migrations = await sql<{ name: string }>`select name from schema_migrations order by name`.execute(again.db);
      expect(migrations.rows.map((row) => row.name)).toEqual(Object.keys(storeMigrations(again.engine)).sort());
      expect(await countRequests(again)).toBe(await countRequests(store));
    } finally {
      await again.close();
    }
  });

  it('fails an insert loudly when the table is gone (what the ledger treats as an outage)', async () => {
    await sql`alter table requests rename to requests_away`.execute(store.db);
    try {
      await expect(store.insertLedgerRecords([sampleLedgerRecord('while-away')])).rejects.toThrow(/requests/);
    } finally {
      await sql`alter table requests_away rename to requests`.execute(store.db);
    }
    await store.insertLedgerRecords([sampleLedgerRecord('after-away')]);
    expect((await getRequest(store, 'after-away'))?.id).toBe('after-away');
  });
}

describe('SQLite store', () => {
  let directory = '';
  storeContract('sqlite', async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), 'tollgate-store-'));
    const url = `sqlite://${path.join(directory, 'nested', 'dir', 'tollgate.db')}`;
    return { open: () => openStore(url), cleanup: () => rm(directory, { recursive: true, force: true }) };
  });

  it('created the missing directory of the database file', async () => {
    expect((await stat(path.join(directory, 'nested', 'dir', 'tollgate.db'))).isFile()).toBe(true);
  });
});

describe('SQLite store in memory', () => {
  it('opens sqlite://:memory:, migrated and writable', async () => {
    const store = await openStore('sqlite://:memory:');
    try {
      await store.insertLedgerRecords([sampleLedgerRecord('memory')]);
      expect(await countRequests(store)).toBe(1);
    } finally {
      await store.close();
    }
  });
});

warnWhenPostgresIsSkipped('store.test.ts');
describe.skipIf(!POSTGRES_TEST_URL)('Postgres store', () => {
  storeContract('postgres', async () => {
    const schema = createPostgresTestSchema('store');
    return { open: () => openStore(schema.url), cleanup: () => schema.drop() };
  });

  it('migrates in its own schema although another application has a schema_migrations table elsewhere', async () => {
    const otherApp = createPostgresTestSchema('otherapp');
    const tollgate = createPostgresTestSchema('beside');
    const client = new pg.Client({ connectionString: POSTGRES_TEST_URL });
    await client.connect();
    try {
      await client.query(`create schema "${otherApp.schema}"`);
      await client.query(`create table "${otherApp.schema}".schema_migrations (version varchar primary key)`);
      const store = await openStore(tollgate.url);
      try {
        await store.insertLedgerRecords([sampleLedgerRecord('beside')]);
        expect(await countRequests(store)).toBe(1);
        const otherRows = await client.query(`select count(*)::int as count from "${otherApp.schema}".schema_migrations`);
        expect(otherRows.rows).toEqual([{ count: 0 }]);
      } finally {
        await store.close();
      }
    } finally {
      await client.end();
      await otherApp.drop();
      await tollgate.drop();
    }
  });
});
