/**
 * The usage layer against an in-memory reference, on every engine: SQLite always, Postgres when
 * TOLLGATE_TEST_POSTGRES_URL is set. Records are spread over three days so that queries mix whole hours
 * (rollups) with partial hours at the edges (raw rows).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LedgerRecord } from '../../ledger/ledger-record.js';
import { countRequests, openStore } from '../index.js';
import type { Store } from '../store.js';
import { createPostgresTestSchema, POSTGRES_TEST_URL, warnWhenPostgresIsSkipped } from '../test-fixtures/postgres-test-schema.js';
import { sampleLedgerRecord } from '../test-fixtures/sample-ledger-record.js';
import { queryOutputTokenStats } from './output-token-stats.js';
import { deleteExpiredRequests } from './retention.js';
import { getTaskFeedback, recordTaskFeedback } from './task-feedback.js';
import { queryTasks } from './task-query.js';
import { generateUsageRecords, referencePercentile, referenceUsage } from './test-fixtures/usage-records.js';
import { backfillRollups } from './usage-migrations.js';
import { queryUsage } from './usage-query.js';
import type { UsageResult } from './usage-query.js';
import type { UsageQuery } from './usage-query-types.js';

const START = Date.parse('2025-05-30T22:00:00.000Z');
const END = START + 3 * 86_400_000;
const MINUTE = 60_000;

function usageQuery(overrides: Partial<UsageQuery>): UsageQuery {
  return { fromMs: START + 17 * MINUTE, toMs: END - 23 * MINUTE, groupBy: [], interval: null, filters: {}, exactPercentiles: false, ...overrides };
}

function expectMatchesReference(result: UsageResult, records: readonly LedgerRecord[], query: UsageQuery): void {
  const reference = referenceUsage(records, query);
  expect(result.rows.length).toBe(reference.size);
  for (const row of result.rows) {
    const key = JSON.stringify([row.periodStartMs, ...query.groupBy.map((dimension) => row.group[dimension] ?? null)]);
    const expected = reference.get(key);
    expect(expected, `group ${key}`).toBeDefined();
    if (!expected) continue;
    expect({
      requests: row.measures.counts.requests,
      errors: row.measures.counts.errors,
      unknown: row.measures.counts.cost_unknown_requests,
      cost: row.measures.money.cost_pico,
      input: row.measures.money.cost_input_pico,
      cacheRead: row.measures.money.cost_cache_read_pico,
      output: row.measures.money.cost_output_pico,
      reasoning: row.measures.money.cost_reasoning_pico,
      other: row.measures.money.cost_other_pico,
      savings: row.measures.money.cache_savings_pico,
      inputTokens: row.measures.tokens.input_tokens,
      cacheReadTokens: row.measures.tokens.cache_read_tokens,
      outputTokens: row.measures.tokens.output_tokens,
      reasoningTokens: row.measures.tokens.reasoning_tokens,
    }, `group ${key}`).toEqual({
      requests: expected.requests,
      errors: expected.errors,
      unknown: expected.costUnknownRequests,
      cost: expected.costPico,
      input: expected.costLines.input,
      cacheRead: expected.costLines.cache_read,
      output: expected.costLines.output,
      reasoning: expected.costLines.reasoning,
      other: expected.costLines.other,
      savings: expected.cacheSavingsPico,
      inputTokens: expected.inputTokens,
      cacheReadTokens: expected.cacheReadTokens,
      outputTokens: expected.outputTokens,
      reasoningTokens: expected.reasoningTokens,
    });
    const p50 = referencePercentile(expected.latencies, 50);
    const p95 = referencePercentile(expected.latencies, 95);
    if (query.exactPercentiles) expect([row.latency.p50Ms, row.latency.p95Ms], `group ${key}`).toEqual([p50.exact, p95.exact]);
    else expect([row.latency.p50Ms, row.latency.p95Ms], `group ${key}`).toEqual([p50.bucketBound, p95.bucketBound]);
  }
}

const QUERIES: Array<[string, Partial<UsageQuery>]> = [
  ['no grouping', {}],
  ['by user', { groupBy: ['user'] }],
  ['by model and feature, per day', { groupBy: ['model', 'feature'], interval: 'day' }],
  ['by provider and route, per hour', { groupBy: ['provider', 'route'], interval: 'hour' }],
  ['by key and team, per month', { groupBy: ['key', 'team'], interval: 'month' }],
  ['by tag', { groupBy: ['tag'] }],
  ['by tag and user, per day', { groupBy: ['tag', 'user'], interval: 'day' }],
  ['by status, filtered to two users', { groupBy: ['status'], filters: { user: ['alice', 'bob'] } }],
  ['by model, filtered to one tag', { groupBy: ['model'], filters: { tag: ['beta'] } }],
  ['by feature, filtered by model and route', { groupBy: ['feature'], filters: { model: ['gpt-4o-mini', 'gpt-4o'], route: ['smart'] } }],
  ['within one hour (raw rows only)', { fromMs: START + 26 * 3_600_000 + MINUTE, toMs: START + 26 * 3_600_000 + 50 * MINUTE, groupBy: ['user'] }],
  ['on hour boundaries (rollups only)', { fromMs: START + 3_600_000, toMs: START + 40 * 3_600_000, groupBy: ['model'] }],
  ['on day boundaries (daily rollups only), per month', { fromMs: Date.parse('2025-05-31T00:00:00Z'), toMs: Date.parse('2025-06-02T00:00:00Z'), groupBy: ['team'], interval: 'month' }],
];

function usageContract(prepare: () => Promise<{ store: Store; cleanup(): Promise<void> }>): void {
  let store: Store;
  let cleanup: () => Promise<void>;
  let records: LedgerRecord[];

  beforeAll(async () => {
    ({ store, cleanup } = await prepare());
    records = generateUsageRecords({ seed: 7, count: 900, fromMs: START, toMs: END, idPrefix: 'usage' });
    for (let start = 0; start < records.length; start += 137) await store.insertLedgerRecords(records.slice(start, start + 137));
    // The journal may replay a batch that did reach the store: nothing may count twice.
    await store.insertLedgerRecords([...records.slice(0, 50), ...records.slice(0, 3)]);
  });

  afterAll(async () => {
    await store.close();
    await cleanup();
  });

  for (const [name, overrides] of QUERIES) {
    it(`answers ${name} exactly as the records add up (rollups + raw edges)`, async () => {
      const query = usageQuery(overrides);
      expectMatchesReference(await queryUsage(store, query), records, query);
    });
  }

  it('gives exact nearest-rank latency percentiles from the raw rows when asked', async () => {
    for (const overrides of [{ groupBy: ['model' as const], interval: 'day' as const }, { groupBy: ['tag' as const] }, {}]) {
      const query = usageQuery({ ...overrides, exactPercentiles: true });
      const result = await queryUsage(store, query);
      expectMatchesReference(result, records, query);
      expect(result.total.latency.isExact).toBe(true);
    }
  });

  it('answers whole days from the daily rollups, whole hours from the hourly ones, and only partial hours from raw rows', async () => {
    const result = await queryUsage(store, usageQuery({}));
    const firstDay = Date.parse('2025-05-31T00:00:00.000Z');
    const lastDayEnd = Date.parse('2025-06-02T00:00:00.000Z');
    expect(result.plan).toEqual({
      dailyWindow: { fromMs: firstDay, toMs: lastDayEnd },
      hourlyWindows: [{ fromMs: START + 3_600_000, toMs: firstDay }, { fromMs: lastDayEnd, toMs: END - 3_600_000 }],
      rawWindows: [{ fromMs: START + 17 * MINUTE, toMs: START + 3_600_000 }, { fromMs: END - 3_600_000, toMs: END - 23 * MINUTE }],
    });
    const hourly = await queryUsage(store, usageQuery({ interval: 'hour' }));
    expect(hourly.plan.dailyWindow).toBeNull();
    expect(hourly.plan.hourlyWindows).toEqual([{ fromMs: START + 3_600_000, toMs: END - 3_600_000 }]);
  });

  it('totals every request once when grouped by tag, although per-tag rows overlap', async () => {
    const byTag = await queryUsage(store, usageQuery({ groupBy: ['tag'] }));
    const plain = await queryUsage(store, usageQuery({}));
    expect(byTag.total.measures).toEqual(plain.total.measures);
    const perTagRequests = byTag.rows.reduce((sum, row) => sum + row.measures.counts.requests, 0n);
    expect(perTagRequests).toBeGreaterThan(plain.total.measures.counts.requests);
  });

  it('puts a record that arrives late (a journal replay) into its own hour', async () => {
    const lateAt = START + 5 * 3_600_000 + 30 * MINUTE;
    const late = sampleLedgerRecord('late-replay', { createdAt: new Date(lateAt), user: 'dave', tags: [], attempts: [] });
    await store.insertLedgerRecords([late]);
    const query = usageQuery({ groupBy: ['user'], interval: 'hour' });
    const result = await queryUsage(store, query);
    const dave = result.rows.filter((row) => row.group.user === 'dave');
    expect(dave.map((row) => [row.periodStartMs, row.measures.counts.requests, row.measures.money.cost_pico])).toEqual([
      [START + 5 * 3_600_000, 1n, late.cost.totalPico],
    ]);
    records.push(late);
  });

  it('rebuilds the same rollups from the raw rows (the migration backfill)', async () => {
    const before = await queryUsage(store, usageQuery({ groupBy: ['tag', 'model'], interval: 'hour' }));
    const beforeDaily = await queryUsage(store, usageQuery({ groupBy: ['user', 'tag'], interval: 'day' }));
    for (const table of ['usage_hourly', 'usage_hourly_tags', 'usage_daily', 'usage_daily_tags']) await sql`delete from ${sql.table(table)}`.execute(store.db);
    await backfillRollups(store.db);
    expect(await queryUsage(store, usageQuery({ groupBy: ['tag', 'model'], interval: 'hour' }))).toEqual(before);
    expect(await queryUsage(store, usageQuery({ groupBy: ['user', 'tag'], interval: 'day' }))).toEqual(beforeDaily);
  });

  it('counts tasks, outcomes and cost per task group against the records', async () => {
    await recordTaskFeedback(store, { taskId: 'task-1', success: false, atMs: END });
    await recordTaskFeedback(store, { taskId: 'task-1', success: true, atMs: END + 1 });
    await recordTaskFeedback(store, { taskId: 'task-2', success: false, atMs: END });
    await recordTaskFeedback(store, { taskId: 'task-3', success: true, atMs: END });
    expect(await getTaskFeedback(store, 'task-1')).toEqual({ taskId: 'task-1', success: true, atMs: END + 1 });
    const outcome: Record<string, boolean> = { 'task-1': true, 'task-2': false, 'task-3': true };
    const window = { fromMs: START + 17 * MINUTE, toMs: END - 23 * MINUTE };
    const result = await queryTasks(store, { ...window, groupBy: ['model'], filters: {} });

    const inWindow = records.filter((record) => record.task !== null && record.createdAt.getTime() >= window.fromMs && record.createdAt.getTime() < window.toMs);
    const expected = new Map<string | null, { tasks: Set<string>; cost: bigint; requests: bigint }>();
    for (const record of inWindow) {
      const model = record.modelServed ?? record.modelRequested;
      const entry = expected.get(model) ?? { tasks: new Set<string>(), cost: 0n, requests: 0n };
      entry.tasks.add(record.task ?? '');
      entry.cost += record.cost.totalPico ?? 0n;
      entry.requests += 1n;
      expected.set(model, entry);
    }
    expect(result.rows).toHaveLength(expected.size);
    for (const row of result.rows) {
      const entry = expected.get(row.group.model ?? null);
      if (!entry) throw new Error(`unexpected model ${row.group.model}`);
      const tasks = [...entry.tasks];
      expect(row.figures).toMatchObject({
        tasks: BigInt(tasks.length),
        successes: BigInt(tasks.filter((task) => outcome[task] === true).length),
        failures: BigInt(tasks.filter((task) => outcome[task] === false).length),
        withoutFeedback: BigInt(tasks.filter((task) => outcome[task] === undefined).length),
        requests: entry.requests,
        costPico: entry.cost,
      });
    }
    const allTasks = new Set(inWindow.map((record) => record.task));
    expect(result.total.tasks).toBe(BigInt(allTasks.size));
    expect(result.total.costPico).toBe(inWindow.reduce((sum, record) => sum + (record.cost.totalPico ?? 0n), 0n));
  });

  it('gives output-token count, sum, nearest-rank p50/p95 and max per model and feature', async () => {
    const window = { fromMs: START, toMs: END };
    const stats = await queryOutputTokenStats(store, { ...window, groupBy: ['model', 'feature'], filters: {} });
    const expected = new Map<string, number[]>();
    for (const record of records) {
      if (record.status !== 'ok' || record.createdAt.getTime() < START || record.createdAt.getTime() >= END) continue;
      const key = JSON.stringify([record.modelServed ?? record.modelRequested, record.feature]);
      expected.set(key, [...(expected.get(key) ?? []), record.tokens.output]);
    }
    expect(stats).toHaveLength(expected.size);
    for (const { group, stats: figures } of stats) {
      const values = (expected.get(JSON.stringify([group.model ?? null, group.feature ?? null])) ?? []).sort((left, right) => left - right);
      expect(figures).toEqual({
        requests: BigInt(values.length),
        sum: BigInt(values.reduce((sum, value) => sum + value, 0)),
        sumOfSquares: BigInt(values.reduce((sum, value) => sum + value * value, 0)),
        p50: BigInt(referencePercentile(values, 50).exact),
        p95: BigInt(referencePercentile(values, 95).exact),
        max: BigInt(Math.max(...values)),
      });
    }
  });

  it('stores bodies with their request and deletes them with it', async () => {
    const withBodies = sampleLedgerRecord('with-bodies', { createdAt: new Date(START - 40 * 86_400_000), bodies: { request: '{"q":1}', response: 'data: {"a":2}\n' } });
    await store.insertLedgerRecords([withBodies]);
    const stored = await store.db.selectFrom('request_bodies').selectAll().where('request_id', '=', 'with-bodies').execute();
    expect(stored).toEqual([{ request_id: 'with-bodies', request_body: '{"q":1}', response_body: 'data: {"a":2}\n' }]);
  });

  it('retention deletes expired raw rows (and their bodies) but the rollups still answer whole hours', async () => {
    const hours = { fromMs: START + 3_600_000, toMs: END - 3_600_000 };
    const before = await queryUsage(store, usageQuery({ ...hours, groupBy: ['user'] }));
    const rowsBefore = await countRequests(store);
    const deleted = await deleteExpiredRequests(store, 30, END + 31 * 86_400_000, 100);
    expect(deleted).toBe(rowsBefore);
    expect(await countRequests(store)).toBe(0);
    expect(await store.db.selectFrom('request_bodies').selectAll().execute()).toEqual([]);
    expect(await queryUsage(store, usageQuery({ ...hours, groupBy: ['user'] }))).toEqual(before);
  });
}

describe('usage queries on SQLite', () => {
  usageContract(async () => {
    const directory = await mkdtemp(path.join(os.tmpdir(), 'tollgate-usage-'));
    const store = await openStore(`sqlite://${path.join(directory, 'usage.db')}`);
    return { store, cleanup: () => rm(directory, { recursive: true, force: true }) };
  });
});

warnWhenPostgresIsSkipped('usage-store.test.ts');
describe.skipIf(!POSTGRES_TEST_URL)('usage queries on Postgres', () => {
  usageContract(async () => {
    const schema = createPostgresTestSchema('usage');
    const store = await openStore(schema.url);
    return { store, cleanup: () => schema.drop() };
  });
});
