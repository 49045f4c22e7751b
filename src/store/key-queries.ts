/** Reads and writes of the `virtual_keys` table; secrets never reach it, only their SHA-256. */
import type { Selectable } from 'kysely';
import type { VirtualKey } from '../keys/virtual-key.js';
import type { VirtualKeysTable } from './database.js';
import type { Store } from './store.js';

/** A key as stored: the public record plus the hashes authentication compares. */
export interface StoredVirtualKey extends VirtualKey {
  secretHash: string;
  previousSecretHash: string | null;
}

type VirtualKeyRow = Selectable<VirtualKeysTable>;

export async function insertVirtualKey(store: Store, key: StoredVirtualKey): Promise<void> {
  await store.db.insertInto('virtual_keys').values(toRow(key)).execute();
}

export async function getVirtualKey(store: Store, id: string): Promise<StoredVirtualKey | null> {
  const row = await store.db.selectFrom('virtual_keys').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? fromRow(row) : null;
}

/** The key whose current secret, or rotated-out secret, hashes to `hash`. */
export async function findVirtualKeyBySecretHash(store: Store, hash: string): Promise<StoredVirtualKey | null> {
  const row = await store.db
    .selectFrom('virtual_keys')
    .selectAll()
    .where((where) => where.or([where('secret_hash', '=', hash), where('previous_secret_hash', '=', hash)]))
    .executeTakeFirst();
  return row ? fromRow(row) : null;
}

export async function listVirtualKeys(store: Store, options: { includeRevoked?: boolean } = {}): Promise<StoredVirtualKey[]> {
  let query = store.db.selectFrom('virtual_keys').selectAll().orderBy('created_at_ms').orderBy('id');
  if (!options.includeRevoked) query = query.where('revoked_at_ms', 'is', null);
  return (await query.execute()).map(fromRow);
}

/** Marks the key revoked (both its secrets stop working); null when there is no such key. Revoking twice keeps the first time. */
export async function revokeVirtualKey(store: Store, id: string, atMs: number): Promise<StoredVirtualKey | null> {
  await store.db.updateTable('virtual_keys').set({ revoked_at_ms: atMs }).where('id', '=', id).where('revoked_at_ms', 'is', null).execute();
  return getVirtualKey(store, id);
}

export interface SecretReplacement {
  prefix: string;
  hash: string;
  /** When the replaced secret stops working; null to stop it at once. */
  previousExpiresAtMs: number | null;
}

/** Puts a new secret on a live key, keeping the current one as the previous for its grace period; null when no live key. */
export async function replaceVirtualKeySecret(store: Store, id: string, replacement: SecretReplacement): Promise<StoredVirtualKey | null> {
  const current = await getVirtualKey(store, id);
  if (!current || current.revokedAt !== null) return null;
  const keepsPrevious = replacement.previousExpiresAtMs !== null;
  const result = await store.db
    .updateTable('virtual_keys')
    .set({
      secret_prefix: replacement.prefix,
      secret_hash: replacement.hash,
      previous_secret_prefix: keepsPrevious ? current.prefix : null,
      previous_secret_hash: keepsPrevious ? current.secretHash : null,
      previous_secret_expires_at_ms: replacement.previousExpiresAtMs,
    })
    .where('id', '=', id)
    // Only if nobody rotated it meanwhile: two rotations at once must not both believe they won.
    .where('secret_hash', '=', current.secretHash)
    .where('revoked_at_ms', 'is', null)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) return null;
  return getVirtualKey(store, id);
}

function toRow(key: StoredVirtualKey): VirtualKeyRow {
  return {
    id: key.id,
    name: key.name,
    secret_prefix: key.prefix,
    secret_hash: key.secretHash,
    previous_secret_prefix: key.previousPrefix,
    previous_secret_hash: key.previousSecretHash,
    previous_secret_expires_at_ms: millisOrNull(key.previousExpiresAt),
    user_id: key.user,
    team: key.team,
    feature: key.feature,
    tags: JSON.stringify(key.tags),
    region: key.region,
    allowed_routes: key.allowedRoutes === null ? null : JSON.stringify(key.allowedRoutes),
    allowed_models: key.allowedModels === null ? null : JSON.stringify(key.allowedModels),
    budget_pico: key.budgetPico,
    budget_period: key.budgetPeriod,
    max_cost_per_request_pico: key.maxCostPerRequestPico,
    rpm: key.rpm === null ? null : BigInt(key.rpm),
    tpm: key.tpm === null ? null : BigInt(key.tpm),
    created_at_ms: BigInt(key.createdAt.getTime()),
    revoked_at_ms: millisOrNull(key.revokedAt),
    expires_at_ms: millisOrNull(key.expiresAt),
  };
}

function fromRow(row: VirtualKeyRow): StoredVirtualKey {
  return {
    id: row.id,
    name: row.name,
    prefix: row.secret_prefix,
    secretHash: row.secret_hash,
    previousPrefix: row.previous_secret_prefix,
    previousSecretHash: row.previous_secret_hash,
    previousExpiresAt: dateOrNull(row.previous_secret_expires_at_ms),
    user: row.user_id,
    team: row.team,
    feature: row.feature,
    tags: stringList(row.tags) ?? [],
    region: row.region,
    allowedRoutes: stringList(row.allowed_routes),
    allowedModels: stringList(row.allowed_models),
    budgetPico: row.budget_pico === null ? null : BigInt(row.budget_pico),
    budgetPeriod: row.budget_period,
    maxCostPerRequestPico: row.max_cost_per_request_pico === null ? null : BigInt(row.max_cost_per_request_pico),
    rpm: row.rpm === null ? null : Number(row.rpm),
    tpm: row.tpm === null ? null : Number(row.tpm),
    createdAt: new Date(Number(row.created_at_ms)),
    revokedAt: dateOrNull(row.revoked_at_ms),
    expiresAt: dateOrNull(row.expires_at_ms),
  };
}

function millisOrNull(date: Date | null): bigint | null {
  return date === null ? null : BigInt(date.getTime());
}

function dateOrNull(millis: bigint | number | null): Date | null {
  return millis === null ? null : new Date(Number(millis));
}

function stringList(json: string | null): string[] | null {
  if (json === null) return null;
  const parsed: unknown = JSON.parse(json);
  if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === 'string')) throw new TypeError(`virtual_keys holds a list that is not strings: ${json}`);
  return parsed;
}
