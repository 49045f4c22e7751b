/**
 * SQL that aggregates raw `requests` rows into the measures of a rollup row, the same text on SQLite and
 * Postgres (integer division and remainder truncate toward zero on both). The migration's backfill and the
 * usage queries' partial-hour edges both use it, so a rollup and the raw rows it stands for always agree.
 */
import { LATENCY_BUCKET_BOUNDS_MS, LATENCY_COLUMNS, MONEY_COLUMNS, MONEY_SPLIT, moneyHighColumn, moneyLowColumn, TOKEN_COLUMNS } from './rollup-columns.js';
import type { RollupKeyColumn } from './rollup-columns.js';

/** `alias.column`, for queries that join `requests` to other tables. */
function column(table: string, name: string): string {
  return `${table}.${name}`;
}

/** The rollup key of a raw row: attribution with '' for a missing value; the model that served, else the one asked for. */
export function rawKeyExpression(key: RollupKeyColumn, table = 'requests'): string {
  switch (key) {
    case 'model':
      return `coalesce(${column(table, 'model_served')}, ${column(table, 'model_requested')}, '')`;
    case 'status':
      return column(table, 'status');
    default:
      return `coalesce(${column(table, key)}, '')`;
  }
}

/** `[alias, expression]` for every rollup measure, summed over the raw rows of a group. */
export function rawMeasureExpressions(table = 'requests'): Array<[alias: string, expression: string]> {
  const split = MONEY_SPLIT.toString();
  const latency = column(table, 'latency_ms');
  const measures: Array<[string, string]> = [
    ['requests', 'count(*)'],
    ['errors', `sum(case when ${column(table, 'status')} <> 'ok' then 1 else 0 end)`],
    ['cost_unknown_requests', `sum(case when ${column(table, 'cost_pico')} is null then 1 else 0 end)`],
    ['cost_estimated_requests', `sum(case when ${column(table, 'cost_status')} = 'estimated' then 1 else 0 end)`],
    ...TOKEN_COLUMNS.map((token): [string, string] => [token, `sum(${column(table, token)})`]),
  ];
  for (const money of MONEY_COLUMNS) {
    measures.push([moneyHighColumn(money), `coalesce(sum(${column(table, money)} / ${split}), 0)`]);
    measures.push([moneyLowColumn(money), `coalesce(sum(${column(table, money)} % ${split}), 0)`]);
  }
  LATENCY_COLUMNS.forEach((alias, index) => {
    const upper = LATENCY_BUCKET_BOUNDS_MS[index];
    const lower = LATENCY_BUCKET_BOUNDS_MS[index - 1];
    const conditions = [lower === undefined ? null : `${latency} > ${lower}`, upper === undefined ? null : `${latency} <= ${upper}`].filter(Boolean);
    measures.push([alias, `sum(case when ${conditions.join(' and ')} then 1 else 0 end)`]);
  });
  return measures;
}
