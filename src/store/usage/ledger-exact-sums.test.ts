/**
 * Money summed through the ledger is exact: records priced by the PriceBook (random usage, several provider
 * families, service tiers and a volume card) are written through the store the way the ledger writes them,
 * and /v1/usage's total equals the BigInt sum of their line items to the picodollar, line column by line
 * column. The pricing property test sums a million breakdowns in memory; this one takes 100,000 through
 * SQLite (and 20,000 through Postgres when it is available), which keeps CI's run under half a minute.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LedgerRecord } from '../../ledger/ledger-record.js';
import { PriceBook } from '../../pricing/price-book.js';
import { randomWorkload } from '../../pricing/test-fixtures/random-usage.js';
import { openStore } from '../index.js';
import { COST_LINE_COLUMNS } from '../ledger-rows.js';
import type { Store } from '../store.js';
import { createPostgresTestSchema, POSTGRES_TEST_URL, warnWhenPostgresIsSkipped } from '../test-fixtures/postgres-test-schema.js';
import { sampleLedgerRecord } from '../test-fixtures/sample-ledger-record.js';
import { seededRandom } from './test-fixtures/usage-records.js';
import { queryUsage } from './usage-query.js';

const book = new PriceBook({
  priceCards: { 'anthropic/*': { type: 'volume', basis: 'month', tiers: [{ upToUsd: '1', discount: '0' }, { discount: '0.3' }] } },
});
const FROM_MS = Date.parse('2025-06-01T00:00:00.000Z');
const SPAN_MS = 3 * 86_400_000;

type LineColumn = (typeof COST_LINE_COLUMNS)[keyof typeof COST_LINE_COLUMNS] | 'cost_other_pico';

interface Expected {
  total: bigint;
  byColumn: Record<LineColumn, bigint>;
}

function pricedRecords(count: number, seed: number): { records: LedgerRecord[]; expected: Expected } {
  const random = seededRandom(seed);
  const next = (limit: number): number => Math.floor(random() * limit);
  const byColumn: Record<LineColumn, bigint> = { cost_input_pico: 0n, cost_cache_read_pico: 0n, cost_cache_write_pico: 0n, cost_output_pico: 0n, cost_reasoning_pico: 0n, cost_other_pico: 0n };
  let total = 0n;
  const records: LedgerRecord[] = [];
  for (let index = 0; index < count; index += 1) {
    const { providerType, model, serviceTier, usage } = randomWorkload(next);
    const createdAt = new Date(FROM_MS + next(SPAN_MS));
    const cost = book.price({
      providerType, providerId: providerType, model, usage, at: createdAt,
      monthToDateUsagePico: BigInt(next(3_000)) * 1_000_000_000n,
      ...(serviceTier === undefined ? {} : { serviceTier }),
    });
    const lines: Record<string, bigint> = {};
    for (const [line, amount] of Object.entries(cost.lines)) {
      if (typeof amount !== 'bigint') continue;
      lines[line] = amount;
      const column: LineColumn = Object.hasOwn(COST_LINE_COLUMNS, line) ? COST_LINE_COLUMNS[line as keyof typeof COST_LINE_COLUMNS] : 'cost_other_pico';
      byColumn[column] += amount;
    }
    total += cost.totalPico ?? 0n;
    records.push(
      sampleLedgerRecord(`sum-${seed}-${index}`, {
        createdAt, providerId: providerType, providerType, modelServed: model, user: `user-${next(50)}`, tags: [], attempts: [],
        cost: { status: cost.status, totalPico: cost.totalPico, lines, priceSource: 'test' },
      }),
    );
  }
  return { records, expected: { total, byColumn } };
}

async function writeAndSum(store: Store, count: number, seed: number): Promise<void> {
  const { records, expected } = pricedRecords(count, seed);
  const lineTotal = Object.values(expected.byColumn).reduce((sum, amount) => sum + amount, 0n);
  expect(lineTotal).toBe(expected.total);
  for (let first = 0; first < records.length; first += 5_000) await store.insertLedgerRecords(records.slice(first, first + 5_000));
  const window = { fromMs: FROM_MS, toMs: FROM_MS + SPAN_MS };
  // Whole days come from the rollups; per user the rows add up to the same total.
  const total = await queryUsage(store, { ...window, groupBy: [], interval: null, filters: {}, exactPercentiles: false });
  expect(total.total.measures.counts.requests).toBe(BigInt(count));
  expect(total.total.measures.money.cost_pico).toBe(expected.total);
  for (const [column, amount] of Object.entries(expected.byColumn)) expect(total.total.measures.money[column as LineColumn], column).toBe(amount);
  const byUser = await queryUsage(store, { ...window, groupBy: ['user'], interval: 'hour', filters: {}, exactPercentiles: false });
  expect(byUser.rows.reduce((sum, row) => sum + row.measures.money.cost_pico, 0n)).toBe(expected.total);
}

describe('money summed through the ledger', () => {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'tollgate-sums-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('100,000 priced records through SQLite: the usage total equals the sum of their line items, exactly', async () => {
    const store = await openStore(`sqlite://${directory}/sums.db`);
    try {
      await writeAndSum(store, 100_000, 7);
    } finally {
      await store.close();
    }
  }, 120_000);
});

warnWhenPostgresIsSkipped('ledger-exact-sums.test.ts');
describe.skipIf(!POSTGRES_TEST_URL)('money summed through the ledger on Postgres', () => {
  it('20,000 priced records: the usage total equals the sum of their line items, exactly', async () => {
    const schema = createPostgresTestSchema('sums');
    const store = await openStore(schema.url);
    try {
      await writeAndSum(store, 20_000, 11);
    } finally {
      await store.close();
      await schema.drop();
    }
  }, 120_000);
});
