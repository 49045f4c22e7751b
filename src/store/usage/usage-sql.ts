/**
 * SQL pieces shared by the usage queries, for any source of a measure: the daily rollups (whole days), the
 * hourly rollups (whole hours), or the raw `requests` rows (partial hours, exact percentiles). Expressions
 * are generated from fixed names; every value a caller gives (times, filter values) is a bound parameter.
 */
import { sql } from 'kysely';
import type { RawBuilder } from 'kysely';
import type { StoreEngine } from '../store.js';
import { rollupTable } from './rollup-columns.js';
import { rawKeyExpression } from './raw-measures.js';
import { DIMENSION_COLUMNS } from './usage-query-types.js';
import type { UsageDimension, UsageFilters, UsageGroup, UsageInterval, UsageWindow } from './usage-query-types.js';

export type MeasureSource = 'daily' | 'hourly' | 'raw';

/** The time bucket of a row as epoch ms (hour, day) or 'YYYY-MM' text (month), in UTC. */
export function bucketExpression(engine: StoreEngine, interval: UsageInterval, timeColumn: string): string {
  switch (interval) {
    case 'hour':
      return `(${timeColumn} / 3600000) * 3600000`;
    case 'day':
      return `(${timeColumn} / 86400000) * 86400000`;
    case 'month':
      return engine === 'sqlite'
        ? `strftime('%Y-%m', ${timeColumn} / 1000, 'unixepoch')`
        : `to_char(to_timestamp(${timeColumn} / 1000) at time zone 'UTC', 'YYYY-MM')`;
  }
}

export function timeColumnOf(source: MeasureSource): string {
  return source === 'raw' ? 'requests.created_at_ms' : 'period_start_ms';
}

/** The FROM clause: rollups per tag when tags are grouped or filtered, else the plain rollups; raw rows joined to their tags likewise. */
export function fromClause(source: MeasureSource, usesTags: boolean): string {
  if (source !== 'raw') return rollupTable(source, usesTags);
  return usesTags ? 'requests left join request_tags on request_tags.request_id = requests.id' : 'requests';
}

/** A group's value as stored: '' for none (rollups), the same from raw rows through coalesce. */
export function dimensionExpression(source: MeasureSource, dimension: UsageDimension): string {
  if (dimension === 'tag') return source === 'raw' ? `coalesce(request_tags.tag, '')` : 'tag';
  const column = DIMENSION_COLUMNS[dimension];
  return source === 'raw' ? rawKeyExpression(column, 'requests') : column;
}

/**
 * A filter's column without coalesce where that keeps an index usable on raw rows (a filter value is never
 * the '' of "none").
 */
function filterExpression(source: MeasureSource, dimension: UsageDimension): string {
  if (source !== 'raw' || dimension === 'model' || dimension === 'status') return dimensionExpression(source, dimension);
  if (dimension === 'tag') return 'request_tags.tag';
  return `requests.${DIMENSION_COLUMNS[dimension]}`;
}

export function filterConditions(source: MeasureSource, filters: UsageFilters): RawBuilder<unknown>[] {
  const conditions: RawBuilder<unknown>[] = [];
  for (const [dimension, values] of Object.entries(filters) as Array<[UsageDimension, readonly string[] | undefined]>) {
    if (!values || values.length === 0) continue;
    conditions.push(sql`${sql.raw(filterExpression(source, dimension))} in (${sql.join(values)})`);
  }
  return conditions;
}

/** Rows whose time falls in any of the ranges ([from, to) each). */
export function timeCondition(source: MeasureSource, ranges: readonly UsageWindow[]): RawBuilder<unknown> {
  const column = sql.raw(timeColumnOf(source));
  const parts = ranges.map((range) => sql`(${column} >= ${BigInt(range.fromMs)} and ${column} < ${BigInt(range.toMs)})`);
  return parts.length === 1 ? (parts[0] ?? sql`1 = 0`) : sql`(${sql.join(parts, sql` or `)})`;
}

export function whereClause(conditions: readonly RawBuilder<unknown>[]): RawBuilder<unknown> {
  return conditions.length === 0 ? sql`` : sql`where ${sql.join(conditions, sql` and `)}`;
}

/** `group by 1, 2, …` over the first `count` selected columns, or nothing. */
export function groupByPositions(count: number): RawBuilder<unknown> {
  if (count === 0) return sql``;
  return sql.raw(`group by ${Array.from({ length: count }, (_, index) => index + 1).join(', ')}`);
}

/** Epoch ms of a bucket value as either engine returns it. */
export function bucketStartMs(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' && /^\d{4}-\d{2}$/.test(value)) return Date.UTC(Number(value.slice(0, 4)), Number(value.slice(5, 7)) - 1, 1);
  if (typeof value === 'bigint' || typeof value === 'number') return Number(value);
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
  throw new TypeError(`unexpected time bucket from the database: ${String(value)}`);
}

/** Identifies a result group (time bucket and dimension values) across the queries that build it. */
export function groupKey(periodStartMs: number | null, values: ReadonlyArray<string | null>): string {
  return JSON.stringify([periodStartMs, ...values]);
}

/** A dimension value as selected: '' is how the rollups store "none", which the API says as null. */
export function groupValue(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  return String(value);
}

/** Bigger first: rows are listed by what they cost or count. */
export function compareDescending(left: bigint, right: bigint): number {
  return left === right ? 0 : left > right ? -1 : 1;
}

/** A stable order among equals: by the group's values. */
export function compareGroups(left: UsageGroup, right: UsageGroup): number {
  const leftKey = JSON.stringify(left);
  const rightKey = JSON.stringify(right);
  return leftKey < rightKey ? -1 : leftKey > rightKey ? 1 : 0;
}
