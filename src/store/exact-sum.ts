/**
 * Exact money sums in SQL on both engines. SQLite's SUM over integers is exact but throws on passing 2^63
 * (about 9.2 million USD in picodollars, a plausible yearly total), so a column is summed in two parts:
 * the quotient and the remainder by one million, each far from overflow, joined back as bigint here.
 * Both engines divide integers truncating toward zero, so quotient × 10^6 + remainder is the value, sign included.
 */
import { sql } from 'kysely';
import type { AliasedRawBuilder } from 'kysely';

const SPLIT = 1_000_000n;

export function exactSum<Alias extends string>(
  column: string,
  alias: Alias,
): [AliasedRawBuilder<unknown, `${Alias}_high`>, AliasedRawBuilder<unknown, `${Alias}_low`>] {
  const reference = sql.ref(column);
  return [
    sql<unknown>`sum(${reference} / ${sql.lit(Number(SPLIT))})`.as(`${alias}_high`),
    sql<unknown>`sum(${reference} % ${sql.lit(Number(SPLIT))})`.as(`${alias}_low`),
  ];
}

/** Joins the two parts selected by `exactSum(column, alias)`; 0n when no row had a value. */
export function readExactSum<Alias extends string>(row: Record<`${Alias}_high` | `${Alias}_low`, unknown>, alias: Alias): bigint {
  const high = integerOrNull(row[`${alias}_high`]) ?? 0n;
  const low = integerOrNull(row[`${alias}_low`]) ?? 0n;
  return high * SPLIT + low;
}

/** An integer as either engine returns it (bigint, or numeric text from Postgres) as bigint; null stays null. */
export function integerOrNull(value: unknown): bigint | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return BigInt(value);
  throw new TypeError(`expected an integer from the database, got ${typeof value} ${String(value)}`);
}
