/**
 * Benchmarks of the usage layer, for `npm run bench`:
 *
 * - benchLedgerIngest: sustained ledger ingest (records/s) through a store, batches of the ledger's size,
 *   and what maintaining the hourly rollups in the same transaction costs, measured against the same
 *   inserts without them. This is the measurement behind choosing in-transaction rollups over a periodic
 *   job (usage-batch.ts says why they are also more correct).
 * - benchGroupedQueries: ten million rows generated in Postgres (a month), in a schema of its own dropped
 *   afterwards, then the time of grouped /v1/usage queries (rollups + raw edges), of the same grouping
 *   over the raw rows, of the raw-row reports (exact percentiles, tasks, output tokens), and of aggregating
 *   one hour of raw rows (what a periodic rollup job would do each hour).
 *
 *   node --import tsx src/store/usage/usage.bench.ts [--rows 10000000] [--postgres URL]
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { openStore } from '../index.js';
import { insertLedgerRecords } from '../postgres/open-postgres-store.js';
import { openSqliteDatabase } from '../sqlite/open-sqlite-database.js';
import { createSqliteLedgerInserter } from '../sqlite/sqlite-ledger-inserter.js';
import type { Store } from '../store.js';
import { queryOutputTokenStats } from './output-token-stats.js';
import { queryTasks } from './task-query.js';
import { generateUsageRecords } from './test-fixtures/usage-records.js';
import { insertBenchFeedback, insertBenchRows, insertBenchTags } from './usage-bench-data.js';
import type { BenchDataShape } from './usage-bench-data.js';
import { backfillRollups } from './usage-migrations.js';
import { queryUsage } from './usage-query.js';
import type { UsageQuery } from './usage-query-types.js';

const DAY_MS = 86_400_000;
const MONTH_START = Date.parse('2025-05-01T00:00:00.000Z');

export interface IngestRate {
  recordsPerSecond: number;
  medianBatchMs: number;
  p95BatchMs: number;
}

export interface IngestBenchResult {
  engine: 'sqlite' | 'postgres';
  records: number;
  batchSize: number;
  batchSpreadMs: number;
  /** Through the store as the ledger uses it (SQLite: on its worker thread), rollups included. */
  store: IngestRate;
  /** The same inserts with and without the rollup upserts (SQLite: in-thread, to compare like with like). */
  withRollups: IngestRate;
  withoutRollups: IngestRate;
  rollupOverheadPercent: number;
}

export interface IngestBenchOptions {
  /** A Postgres URL; without one, a SQLite file in a temp directory. */
  postgresUrl?: string;
  records?: number;
  batchSize?: number;
  /**
   * How far apart in time a batch's records are (default one minute: a ledger flush holds 250 ms of traffic,
   * so its records share an hour and a day, and many share a rollup row). A month is the worst case.
   */
  batchSpreadMs?: number;
}

export async function benchLedgerIngest(options: IngestBenchOptions = {}): Promise<IngestBenchResult> {
  const records = options.records ?? 50_000;
  const batchSize = options.batchSize ?? 500;
  const spreadMs = options.batchSpreadMs ?? 60_000;
  const batches = (label: string) =>
    Array.from({ length: Math.ceil(records / batchSize) }, (_, index) => {
      const fromMs = MONTH_START + ((index * spreadMs) % (30 * DAY_MS - spreadMs));
      return generateUsageRecords({ seed: index + 1, count: batchSize, fromMs, toMs: fromMs + spreadMs, idPrefix: `${label}-${index}` });
    });
  if (options.postgresUrl) {
    const schema = await createBenchSchema(options.postgresUrl);
    const store = await openStore(schema.url);
    try {
      const storeRate = await timeBatches(batches('store'), (batch) => store.insertLedgerRecords(batch));
      const withRollups = await timeBatches(batches('with'), (batch) => insertLedgerRecords(store.db, batch, { maintainRollups: true }));
      const withoutRollups = await timeBatches(batches('without'), (batch) => insertLedgerRecords(store.db, batch, { maintainRollups: false }));
      return { engine: 'postgres', records, batchSize, batchSpreadMs: spreadMs, store: storeRate, withRollups, withoutRollups, rollupOverheadPercent: overhead(withRollups, withoutRollups) };
    } finally {
      await store.close();
      await schema.drop();
    }
  }
  const directory = await mkdtemp(path.join(os.tmpdir(), 'tollgate-usage-bench-'));
  try {
    const filename = path.join(directory, 'bench.db');
    const store = await openStore(`sqlite://${filename}`);
    const storeRate = await timeBatches(batches('store'), (batch) => store.insertLedgerRecords(batch));
    await store.close();
    const database = openSqliteDatabase(filename);
    const withInserter = createSqliteLedgerInserter(database, { maintainRollups: true });
    const withoutInserter = createSqliteLedgerInserter(database, { maintainRollups: false });
    const withRollups = await timeBatches(batches('with'), async (batch) => withInserter(batch));
    const withoutRollups = await timeBatches(batches('without'), async (batch) => withoutInserter(batch));
    database.close();
    return { engine: 'sqlite', records, batchSize, batchSpreadMs: spreadMs, store: storeRate, withRollups, withoutRollups, rollupOverheadPercent: overhead(withRollups, withoutRollups) };
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

async function timeBatches<Batch extends readonly unknown[]>(batches: Batch[], insert: (batch: Batch) => Promise<void>): Promise<IngestRate> {
  const durations: number[] = [];
  let count = 0;
  const started = performance.now();
  for (const batch of batches) {
    const batchStarted = performance.now();
    await insert(batch);
    durations.push(performance.now() - batchStarted);
    count += batch.length;
  }
  const seconds = (performance.now() - started) / 1000;
  durations.sort((left, right) => left - right);
  return {
    recordsPerSecond: Math.round(count / seconds),
    medianBatchMs: round(durations[Math.floor(durations.length / 2)] ?? 0),
    p95BatchMs: round(durations[Math.min(durations.length - 1, Math.floor(durations.length * 0.95))] ?? 0),
  };
}

function overhead(withRollups: IngestRate, withoutRollups: IngestRate): number {
  return round((withoutRollups.recordsPerSecond / withRollups.recordsPerSecond - 1) * 100);
}

export interface QueryTiming {
  name: string;
  /** Median of the runs, ms. */
  medianMs: number;
  runs: number;
  rows: number;
}

export interface GroupedQueryBenchResult {
  rows: number;
  rollupRows: number;
  tagRollupRows: number;
  generateSeconds: number;
  rollupBuildSeconds: number;
  queries: QueryTiming[];
}

export interface GroupedQueryBenchOptions {
  postgresUrl: string;
  rows?: number;
  /** Days the rows spread over (default 30: ten million rows is then a busy month). */
  days?: number;
  users?: number;
  /** Rows per INSERT … SELECT while generating. */
  chunkRows?: number;
  runs?: number;
  onProgress?: (message: string) => void;
}

export async function benchGroupedQueries(options: GroupedQueryBenchOptions): Promise<GroupedQueryBenchResult> {
  const rows = options.rows ?? 10_000_000;
  const days = options.days ?? 30;
  const shape: BenchDataShape = { startMs: MONTH_START, spanMs: days * DAY_MS, rows, users: options.users ?? 1_000 };
  const chunkRows = options.chunkRows ?? 500_000;
  const runs = options.runs ?? 5;
  const progress = options.onProgress ?? (() => undefined);
  const schema = await createBenchSchema(options.postgresUrl);
  const store = await openStore(schema.url);
  try {
    const generateStarted = performance.now();
    for (let first = 1; first <= rows; first += chunkRows) {
      const last = Math.min(rows, first + chunkRows - 1);
      await insertBenchRows(store.db, shape, first, last);
      await insertBenchTags(store.db, first, last);
      progress(`generated ${last.toLocaleString('en')} of ${rows.toLocaleString('en')} rows (${Math.round((performance.now() - generateStarted) / 1000)} s)`);
    }
    await insertBenchFeedback(store.db, shape);
    const generateSeconds = round((performance.now() - generateStarted) / 1000);
    const rollupStarted = performance.now();
    progress('building the hourly rollups from the generated rows');
    await backfillRollups(store.db);
    await sql`analyze`.execute(store.db);
    const rollupBuildSeconds = round((performance.now() - rollupStarted) / 1000);
    const rollupRows = await countRows(store, 'usage_hourly');
    const tagRollupRows = await countRows(store, 'usage_hourly_tags');
    progress(`${rollupRows.toLocaleString('en')} hourly rollup rows, ${tagRollupRows.toLocaleString('en')} per tag; timing queries`);

    const month: Pick<UsageQuery, 'fromMs' | 'toMs'> = { fromMs: MONTH_START + 17 * 60_000, toMs: MONTH_START + days * DAY_MS - 23 * 60_000 };
    const usage = (overrides: Partial<UsageQuery>): UsageQuery => ({ ...month, groupBy: [], interval: null, filters: {}, exactPercentiles: false, ...overrides });
    const oneHour = { fromMs: MONTH_START + Math.floor(days / 3) * DAY_MS + 1, toMs: MONTH_START + Math.floor(days / 3) * DAY_MS + 3_600_000 - 1 };
    const cases: Array<[string, () => Promise<number>]> = [
      ['usage: month by user (rollups + raw edges)', async () => (await queryUsage(store, usage({ groupBy: ['user'] }))).rows.length],
      ['usage: month by model and feature per day', async () => (await queryUsage(store, usage({ groupBy: ['model', 'feature'], interval: 'day' }))).rows.length],
      ['usage: month by team per hour', async () => (await queryUsage(store, usage({ groupBy: ['team'], interval: 'hour' }))).rows.length],
      ['usage: month by tag', async () => (await queryUsage(store, usage({ groupBy: ['tag'] }))).rows.length],
      ['usage: month total, one user filtered', async () => (await queryUsage(store, usage({ filters: { user: ['user-3'] } }))).rows.length],
      ['raw rows: month by user, no rollups (for comparison)', () => rawGroupedByUser(store, month)],
      ['raw rows: one hour grouped like a rollup (a periodic job, per hour)', async () => (await queryUsage(store, usage({ ...oneHour, groupBy: ['user', 'team', 'feature', 'key', 'model', 'provider', 'route', 'status'] }))).rows.length],
      ['usage: month by model, exact percentiles (raw rows)', async () => (await queryUsage(store, usage({ groupBy: ['model'], exactPercentiles: true }))).rows.length],
      ['tasks: month by model (raw rows)', async () => (await queryTasks(store, { ...month, groupBy: ['model'], filters: {} })).rows.length],
      ['output tokens: month by model and feature (raw rows)', async () => (await queryOutputTokenStats(store, { ...month, groupBy: ['model', 'feature'], filters: {} })).length],
    ];
    const queries: QueryTiming[] = [];
    for (const [name, run] of cases) {
      // Raw-row reports read every row of the month: fewer runs keep the benchmark's duration sane.
      const times = name.includes('raw rows') && !name.includes('one hour') ? 1 : runs;
      const timing = await timeQuery(name, run, times);
      progress(`${name}: ${timing.medianMs} ms`);
      queries.push(timing);
    }
    return { rows, rollupRows, tagRollupRows, generateSeconds, rollupBuildSeconds, queries };
  } finally {
    await store.close();
    progress('dropping the benchmark schema');
    await schema.drop();
  }
}

async function timeQuery(name: string, run: () => Promise<number>, runs: number): Promise<QueryTiming> {
  const durations: number[] = [];
  let rows = 0;
  await run(); // warm: plans cached, pages in memory, as a dashboard refreshing would find them
  for (let index = 0; index < runs; index++) {
    const started = performance.now();
    rows = await run();
    durations.push(performance.now() - started);
  }
  durations.sort((left, right) => left - right);
  return { name, medianMs: round(durations[Math.floor(durations.length / 2)] ?? 0), runs, rows };
}

async function rawGroupedByUser(store: Store, window: { fromMs: number; toMs: number }): Promise<number> {
  const result = await sql`
    select user_id, count(*) as requests, sum(input_tokens) as input_tokens, sum(output_tokens) as output_tokens,
      sum(cost_pico / 1000000) as cost_high, sum(cost_pico % 1000000) as cost_low
    from requests where created_at_ms >= ${BigInt(window.fromMs)} and created_at_ms < ${BigInt(window.toMs)} group by user_id`.execute(store.db);
  return result.rows.length;
}

async function countRows(store: Store, table: 'usage_hourly' | 'usage_hourly_tags'): Promise<number> {
  const row = await store.db.selectFrom(table).select((expression) => expression.fn.countAll().as('count')).executeTakeFirstOrThrow();
  return Number(row.count);
}

async function createBenchSchema(postgresUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const schema = `tollgate_bench_${process.pid}_${randomBytes(3).toString('hex')}`;
  const url = new URL(postgresUrl);
  url.searchParams.set('schema', schema);
  return {
    url: url.toString(),
    async drop(): Promise<void> {
      const client = new pg.Client({ connectionString: postgresUrl });
      await client.connect();
      try {
        await client.query(`drop schema if exists "${schema}" cascade`);
      } finally {
        await client.end();
      }
    },
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index < 0 ? undefined : process.argv[index + 1];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const postgresUrl = argument('--postgres') ?? process.env.TOLLGATE_TEST_POSTGRES_URL;
  const log = (message: string): void => {
    process.stderr.write(`${message}\n`);
  };
  log('ledger ingest, SQLite');
  const results: Record<string, unknown> = { ingestSqlite: await benchLedgerIngest() };
  if (postgresUrl) {
    log('ledger ingest, Postgres');
    results.ingestPostgres = await benchLedgerIngest({ postgresUrl });
    results.groupedQueries = await benchGroupedQueries({ postgresUrl, rows: Number(argument('--rows') ?? 10_000_000), onProgress: log });
  } else {
    log('no Postgres URL (--postgres or TOLLGATE_TEST_POSTGRES_URL): the grouped-query benchmark needs one');
  }
  console.log(JSON.stringify(results, null, 2));
}
