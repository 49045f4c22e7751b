/** The usage benchmarks run end to end at a small size (the numbers themselves are asserted nowhere). */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { POSTGRES_TEST_URL, warnWhenPostgresIsSkipped } from '../test-fixtures/postgres-test-schema.js';
import { benchGroupedQueries, benchLedgerIngest } from './usage.bench.js';

describe('benchLedgerIngest', () => {
  it('measures SQLite ingest through the store, and with and without rollups in the same transaction', async () => {
    const result = await benchLedgerIngest({ records: 1_000, batchSize: 250 });
    expect(result).toMatchObject({ engine: 'sqlite', records: 1_000, batchSize: 250 });
    for (const rate of [result.store, result.withRollups, result.withoutRollups]) {
      expect(rate.recordsPerSecond).toBeGreaterThan(0);
      expect(rate.p95BatchMs).toBeGreaterThanOrEqual(rate.medianBatchMs);
    }
    expect(Number.isFinite(result.rollupOverheadPercent)).toBe(true);
  });
});

warnWhenPostgresIsSkipped('usage.bench.test.ts');
describe.skipIf(!POSTGRES_TEST_URL)('benchGroupedQueries', () => {
  it('generates rows in SQL, builds their rollups, times every query, and drops its schema', async () => {
    const messages: string[] = [];
    const result = await benchGroupedQueries({ postgresUrl: POSTGRES_TEST_URL, rows: 20_000, days: 2, chunkRows: 10_000, runs: 1, onProgress: (message) => messages.push(message) });
    expect(result.rows).toBe(20_000);
    expect(result.rollupRows).toBeGreaterThan(0);
    expect(result.tagRollupRows).toBeGreaterThan(result.rollupRows);
    expect(result.queries.length).toBeGreaterThanOrEqual(8);
    for (const query of result.queries) expect(query.rows, query.name).toBeGreaterThan(0);
    expect(messages.some((message) => message.startsWith('generated 20,000 of 20,000 rows'))).toBe(true);
    const client = new pg.Client({ connectionString: POSTGRES_TEST_URL });
    await client.connect();
    try {
      const left = await client.query(`select nspname from pg_namespace where nspname like 'tollgate_bench_${process.pid}_%'`);
      expect(left.rows).toEqual([]);
    } finally {
      await client.end();
    }
  }, 120_000);
});
