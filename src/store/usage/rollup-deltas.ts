/**
 * What a batch of newly inserted requests adds to the rollups: one delta row per (period, attribution) and
 * per (period, tag, attribution), in each tier (hour, day), summed in memory so that a batch of 500 records
 * becomes a few upserts. Only records the batch actually inserted are added (a replayed duplicate is not),
 * so the rollups count each request exactly once, like the raw rows.
 */
import type { RequestRow } from '../ledger-rows.js';
import {
  floorToPeriod, LATENCY_COLUMNS, latencyBucketIndex, MONEY_COLUMNS, MONEY_SPLIT, moneyHighColumn, moneyLowColumn, ROLLUP_KEY_COLUMNS,
  ROLLUP_MEASURE_COLUMNS, ROLLUP_TIERS, rollupTable, TIER_PERIOD_MS, TOKEN_COLUMNS,
} from './rollup-columns.js';
import type { RollupKeyColumn, RollupTable } from './rollup-columns.js';

/** A rollup row to upsert: `period_start_ms`, the key columns (and `tag`), then every measure. */
export type RollupRow = Record<string, string | bigint>;

const KEY_SEPARATOR = '\u0000';

export class RollupAccumulator {
  private readonly tables = new Map<RollupTable, Map<string, RollupRow>>();

  add(row: RequestRow, tags: readonly string[]): void {
    const keys = rollupKeys(row);
    const createdAtMs = Number(row.created_at_ms);
    for (const tier of ROLLUP_TIERS) {
      const periodStart = BigInt(floorToPeriod(createdAtMs, TIER_PERIOD_MS[tier]));
      addMeasures(this.rowFor(rollupTable(tier, false), periodStart, keys, null), row);
      // An untagged request is rolled up under tag '' so that grouping by tag still accounts for it.
      for (const tag of tags.length > 0 ? tags : ['']) addMeasures(this.rowFor(rollupTable(tier, true), periodStart, keys, tag), row);
    }
  }

  get isEmpty(): boolean {
    return this.tables.size === 0;
  }

  /** Each table's rows in key order: concurrent writers then lock rollup rows in the same order and cannot deadlock. */
  deltas(): Array<{ table: RollupTable; hasTag: boolean; rows: RollupRow[] }> {
    return [...this.tables.entries()].map(([table, rows]) => ({ table, hasTag: table.endsWith('_tags'), rows: sortedValues(rows) }));
  }

  private rowFor(table: RollupTable, periodStart: bigint, keys: Record<RollupKeyColumn, string>, tag: string | null): RollupRow {
    let rows = this.tables.get(table);
    if (!rows) {
      rows = new Map();
      this.tables.set(table, rows);
    }
    const parts = [periodStart.toString().padStart(16, '0'), ...(tag === null ? [] : [tag]), ...ROLLUP_KEY_COLUMNS.map((key) => keys[key])];
    const mapKey = parts.join(KEY_SEPARATOR);
    let found = rows.get(mapKey);
    if (!found) {
      found = { period_start_ms: periodStart, ...(tag === null ? {} : { tag }), ...keys };
      for (const measure of ROLLUP_MEASURE_COLUMNS) found[measure] = 0n;
      rows.set(mapKey, found);
    }
    return found;
  }
}

function rollupKeys(row: RequestRow): Record<RollupKeyColumn, string> {
  return {
    user_id: row.user_id ?? '',
    team: row.team ?? '',
    feature: row.feature ?? '',
    key_id: row.key_id ?? '',
    model: row.model_served ?? row.model_requested,
    provider_id: row.provider_id ?? '',
    route: row.route ?? '',
    status: row.status,
  };
}

function addMeasures(target: RollupRow, row: RequestRow): void {
  increment(target, 'requests', 1n);
  if (row.status !== 'ok') increment(target, 'errors', 1n);
  if (row.cost_pico === null) increment(target, 'cost_unknown_requests', 1n);
  if (row.cost_status === 'estimated') increment(target, 'cost_estimated_requests', 1n);
  for (const token of TOKEN_COLUMNS) increment(target, token, BigInt(row[token]));
  for (const money of MONEY_COLUMNS) {
    const amount = row[money];
    if (amount === null) continue;
    const value = BigInt(amount);
    // BigInt division truncates toward zero, as both engines' integer division does in the raw-row SQL.
    increment(target, moneyHighColumn(money), value / MONEY_SPLIT);
    increment(target, moneyLowColumn(money), value % MONEY_SPLIT);
  }
  const bucket = LATENCY_COLUMNS[latencyBucketIndex(Number(row.latency_ms))];
  if (bucket !== undefined) increment(target, bucket, 1n);
}

function increment(target: RollupRow, column: string, amount: bigint): void {
  const current = target[column];
  target[column] = (typeof current === 'bigint' ? current : 0n) + amount;
}

function sortedValues(rows: Map<string, RollupRow>): RollupRow[] {
  return [...rows.entries()].sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0)).map(([, row]) => row);
}

/** Column order of an upsert: the key, then the measures. */
export function rollupInsertColumns(hasTag: boolean): string[] {
  return ['period_start_ms', ...(hasTag ? ['tag'] : []), ...ROLLUP_KEY_COLUMNS, ...ROLLUP_MEASURE_COLUMNS];
}
