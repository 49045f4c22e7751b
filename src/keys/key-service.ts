/**
 * Issues, lists, revokes and rotates virtual keys, and verifies a presented secret. Verification is cached
 * for `cacheTtlMs` (default 1 s) so a busy key costs one store read a second; a revocation on this instance
 * takes effect at once, on other instances within the cache time.
 */
import { parseBudgetPeriod } from '../budgets/budget-period.js';
import { findVirtualKeyBySecretHash, getVirtualKey, insertVirtualKey, listVirtualKeys, replaceVirtualKeySecret, revokeVirtualKey } from '../store/key-queries.js';
import type { StoredVirtualKey } from '../store/key-queries.js';
import type { Store } from '../store/store.js';
import { generateSecret, hashesEqual, hashSecret, looksLikeKeySecret, newKeyId } from './key-secret.js';
import type { CreateKeyInput, IssuedKey, VirtualKey } from './virtual-key.js';

export type KeyVerification =
  | { status: 'valid'; key: VirtualKey }
  | { status: 'malformed' | 'unknown' | 'revoked' | 'expired' };

export interface KeyService {
  /** Makes a key and returns its secret, the only time the secret is available. */
  create(input: CreateKeyInput): Promise<IssuedKey>;
  list(options?: { includeRevoked?: boolean }): Promise<VirtualKey[]>;
  get(id: string): Promise<VirtualKey | null>;
  /** Null when there is no such key. */
  revoke(id: string): Promise<VirtualKey | null>;
  /** A new secret; the old one keeps working for `graceMs` (default 0: stops at once). Null when no live key. */
  rotate(id: string, options?: { graceMs?: number }): Promise<IssuedKey | null>;
  verify(secret: string): Promise<KeyVerification>;
}

export interface KeyServiceOptions {
  cacheTtlMs?: number;
  /** Entries kept in the verification cache (default 10,000). */
  cacheSize?: number;
  now?: () => number;
}

interface CacheEntry {
  key: StoredVirtualKey | null;
  fetchedAtMs: number;
}

export class StoreKeyService implements KeyService {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly clock: () => number;

  constructor(
    private readonly store: Store,
    private readonly options: KeyServiceOptions = {},
  ) {
    this.clock = options.now ?? Date.now;
  }

  async create(input: CreateKeyInput): Promise<IssuedKey> {
    const budgetPeriod = input.budgetPico === undefined ? null : (input.budgetPeriod ?? 'month');
    if (budgetPeriod !== null) parseBudgetPeriod(budgetPeriod);
    const generated = generateSecret();
    const stored: StoredVirtualKey = {
      id: newKeyId(),
      name: input.name ?? null,
      prefix: generated.prefix,
      secretHash: generated.hash,
      previousPrefix: null,
      previousSecretHash: null,
      previousExpiresAt: null,
      user: input.user ?? null,
      team: input.team ?? null,
      feature: input.feature ?? null,
      tags: input.tags ?? [],
      region: input.region ?? null,
      allowedRoutes: input.routes ?? null,
      allowedModels: input.models ?? null,
      budgetPico: input.budgetPico ?? null,
      budgetPeriod,
      maxCostPerRequestPico: input.maxCostPerRequestPico ?? null,
      rpm: input.rpm ?? null,
      tpm: input.tpm ?? null,
      createdAt: new Date(this.clock()),
      revokedAt: null,
      expiresAt: input.expiresAt ?? null,
    };
    await insertVirtualKey(this.store, stored);
    return { key: publicView(stored), secret: generated.secret };
  }

  async list(options: { includeRevoked?: boolean } = {}): Promise<VirtualKey[]> {
    return (await listVirtualKeys(this.store, options)).map(publicView);
  }

  async get(id: string): Promise<VirtualKey | null> {
    const stored = await getVirtualKey(this.store, id);
    return stored ? publicView(stored) : null;
  }

  async revoke(id: string): Promise<VirtualKey | null> {
    const stored = await revokeVirtualKey(this.store, id, this.clock());
    this.forget(id);
    return stored ? publicView(stored) : null;
  }

  async rotate(id: string, options: { graceMs?: number } = {}): Promise<IssuedKey | null> {
    const graceMs = options.graceMs ?? 0;
    if (!Number.isFinite(graceMs) || graceMs < 0) throw new RangeError(`a rotation grace period is zero or more milliseconds, got ${graceMs}`);
    const generated = generateSecret();
    const stored = await replaceVirtualKeySecret(this.store, id, {
      prefix: generated.prefix,
      hash: generated.hash,
      previousExpiresAtMs: graceMs > 0 ? this.clock() + graceMs : null,
    });
    this.forget(id);
    return stored ? { key: publicView(stored), secret: generated.secret } : null;
  }

  async verify(secret: string): Promise<KeyVerification> {
    if (!looksLikeKeySecret(secret)) return { status: 'malformed' };
    const hash = hashSecret(secret);
    const nowMs = this.clock();
    const stored = await this.lookup(hash, nowMs);
    if (!stored) return { status: 'unknown' };
    if (stored.revokedAt !== null) return { status: 'revoked' };
    if (stored.expiresAt !== null && stored.expiresAt.getTime() <= nowMs) return { status: 'expired' };
    if (hashesEqual(stored.secretHash, hash)) return { status: 'valid', key: publicView(stored) };
    const isPreviousLive = stored.previousSecretHash !== null && stored.previousExpiresAt !== null && stored.previousExpiresAt.getTime() > nowMs;
    if (isPreviousLive && hashesEqual(stored.previousSecretHash ?? '', hash)) return { status: 'valid', key: publicView(stored) };
    // The secret was rotated out and its grace period is over.
    return { status: 'revoked' };
  }

  private async lookup(hash: string, nowMs: number): Promise<StoredVirtualKey | null> {
    const cached = this.cache.get(hash);
    if (cached && nowMs - cached.fetchedAtMs < (this.options.cacheTtlMs ?? 1000)) return cached.key;
    const key = await findVirtualKeyBySecretHash(this.store, hash);
    this.cache.delete(hash);
    this.cache.set(hash, { key, fetchedAtMs: nowMs });
    if (this.cache.size > (this.options.cacheSize ?? 10_000)) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    return key;
  }

  private forget(id: string): void {
    for (const [hash, entry] of this.cache) if (entry.key?.id === id) this.cache.delete(hash);
  }
}

/** The record without its hashes: what listings, the admin API and the request path see. */
function publicView(stored: StoredVirtualKey): VirtualKey {
  const { secretHash: _secretHash, previousSecretHash: _previousSecretHash, ...key } = stored;
  return key;
}
