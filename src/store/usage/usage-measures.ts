/**
 * The measures of a group of requests as exact bigints, read from a query row whose columns carry the
 * rollup measure names (a rollup sum or the raw-row aggregate of the same name), and merged exactly.
 */
import { integerOrNull } from '../exact-sum.js';
import { COUNT_COLUMNS, LATENCY_COLUMNS, MONEY_COLUMNS, MONEY_SPLIT, moneyHighColumn, moneyLowColumn, TOKEN_COLUMNS } from './rollup-columns.js';
import type { MoneyColumn, TokenColumn } from './rollup-columns.js';

type CountColumn = (typeof COUNT_COLUMNS)[number];

export interface UsageMeasures {
  counts: Record<CountColumn, bigint>;
  tokens: Record<TokenColumn, bigint>;
  /** Picodollars; requests of unknown cost add nothing (counted in `cost_unknown_requests`). */
  money: Record<MoneyColumn, bigint>;
  /** Requests per latency bucket (rollup-columns.ts LATENCY_BUCKET_BOUNDS_MS, then one for slower). */
  latencyHistogram: bigint[];
}

export function emptyMeasures(): UsageMeasures {
  return {
    counts: Object.fromEntries(COUNT_COLUMNS.map((column) => [column, 0n])) as Record<CountColumn, bigint>,
    tokens: Object.fromEntries(TOKEN_COLUMNS.map((column) => [column, 0n])) as Record<TokenColumn, bigint>,
    money: Object.fromEntries(MONEY_COLUMNS.map((column) => [column, 0n])) as Record<MoneyColumn, bigint>,
    latencyHistogram: LATENCY_COLUMNS.map(() => 0n),
  };
}

export function readMeasures(row: Readonly<Record<string, unknown>>): UsageMeasures {
  const measures = emptyMeasures();
  for (const column of COUNT_COLUMNS) measures.counts[column] = read(row, column);
  for (const column of TOKEN_COLUMNS) measures.tokens[column] = read(row, column);
  for (const column of MONEY_COLUMNS) measures.money[column] = read(row, moneyHighColumn(column)) * MONEY_SPLIT + read(row, moneyLowColumn(column));
  measures.latencyHistogram = LATENCY_COLUMNS.map((column) => read(row, column));
  return measures;
}

/** Adds `addend` into `target`. */
export function addMeasures(target: UsageMeasures, addend: UsageMeasures): void {
  for (const column of COUNT_COLUMNS) target.counts[column] += addend.counts[column];
  for (const column of TOKEN_COLUMNS) target.tokens[column] += addend.tokens[column];
  for (const column of MONEY_COLUMNS) target.money[column] += addend.money[column];
  addend.latencyHistogram.forEach((count, index) => {
    target.latencyHistogram[index] = (target.latencyHistogram[index] ?? 0n) + count;
  });
}

function read(row: Readonly<Record<string, unknown>>, column: string): bigint {
  return integerOrNull(row[column]) ?? 0n;
}
