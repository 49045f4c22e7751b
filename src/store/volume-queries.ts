/**
 * Month-to-date list-price spend under each volume price card (`pricing.priceCards` of type
 * volume), kept in the store so that tiers hold across restarts and across instances: each
 * instance adds its increments, and reads back everyone's total.
 */
import { sql } from 'kysely';
import type { Store } from './store.js';

export interface VolumeIncrement {
  cardKey: string;
  /** `YYYY-MM`, UTC: providers bill by calendar month. */
  month: string;
  deltaPico: bigint;
}

export async function addVolumeUsage(store: Store, increments: readonly VolumeIncrement[]): Promise<void> {
  if (increments.length === 0) return;
  await store.db
    .insertInto('volume_usage')
    .values(increments.map((increment) => ({ card_key: increment.cardKey, month: increment.month, basis_pico: increment.deltaPico })))
    .onConflict((conflict) => conflict.columns(['card_key', 'month']).doUpdateSet({ basis_pico: sql`volume_usage.basis_pico + excluded.basis_pico` }))
    .execute();
}

export async function readVolumeUsage(store: Store, month: string): Promise<Map<string, bigint>> {
  const rows = await store.db.selectFrom('volume_usage').select(['card_key', 'basis_pico']).where('month', '=', month).execute();
  return new Map(rows.map((row) => [row.card_key, BigInt(row.basis_pico)]));
}
