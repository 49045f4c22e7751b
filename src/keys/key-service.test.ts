/** The key service on each store engine: SQLite always, Postgres when TOLLGATE_TEST_POSTGRES_URL is set. */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseUsd } from '../core/money.js';
import { openStore } from '../store/index.js';
import type { Store } from '../store/index.js';
import { createPostgresTestSchema, POSTGRES_TEST_URL, warnWhenPostgresIsSkipped } from '../store/test-fixtures/postgres-test-schema.js';
import { hashSecret } from './key-secret.js';
import { StoreKeyService } from './key-service.js';

function keyServiceContract(openTestStore: () => Promise<{ store: Store; cleanup: () => Promise<void> }>): void {
  let store: Store;
  let cleanup: () => Promise<void>;
  let clock = Date.parse('2026-06-15T12:00:00Z');
  const now = (): number => clock;

  beforeAll(async () => {
    ({ store, cleanup } = await openTestStore());
  });
  afterAll(async () => {
    await store.close();
    await cleanup();
  });

  it('issues a long random secret, stores only its hash, and verifies it', async () => {
    const service = new StoreKeyService(store, { now });
    const issued = await service.create({ name: 'ci', user: 'u1', team: 'growth', tags: ['beta'], routes: ['smart'], budgetPico: parseUsd('25'), rpm: 60 });
    expect(issued.secret).toMatch(/^tg_[0-9A-Za-z]{8}_[A-Za-z0-9_-]{43}$/);
    expect(issued.key).toMatchObject({ prefix: issued.secret.slice(0, 11), user: 'u1', team: 'growth', tags: ['beta'], allowedRoutes: ['smart'], allowedModels: null, budgetPico: parseUsd('25'), budgetPeriod: 'month', rpm: 60 });
    const row = await store.db.selectFrom('virtual_keys').selectAll().where('id', '=', issued.key.id).executeTakeFirstOrThrow();
    expect(row.secret_hash).toBe(hashSecret(issued.secret));
    expect(JSON.stringify(row, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value))).not.toContain(issued.secret.slice(12));
    expect(await service.verify(issued.secret)).toEqual({ status: 'valid', key: issued.key });
    expect(await service.verify(`${issued.secret.slice(0, -1)}${issued.secret.endsWith('A') ? 'B' : 'A'}`)).toEqual({ status: 'unknown' });
    expect(await service.verify('sk-proj-abc')).toEqual({ status: 'malformed' });
  });

  it('lists and shows keys without secrets or hashes', async () => {
    const service = new StoreKeyService(store, { now });
    const issued = await service.create({ name: 'listed' });
    const listed = await service.list();
    const shown = await service.get(issued.key.id);
    expect(listed.map((key) => key.id)).toContain(issued.key.id);
    for (const view of [...listed, shown]) {
      expect(view).not.toHaveProperty('secretHash');
      const text = JSON.stringify(view, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
      expect(text).not.toContain(issued.secret);
      expect(text).not.toContain(hashSecret(issued.secret));
    }
  });

  it('revokes at once on this instance and within the cache time on another', async () => {
    const here = new StoreKeyService(store, { now, cacheTtlMs: 1000 });
    const there = new StoreKeyService(store, { now, cacheTtlMs: 1000 });
    const issued = await here.create({ user: 'leaver' });
    expect((await there.verify(issued.secret)).status).toBe('valid');
    expect((await here.verify(issued.secret)).status).toBe('valid');
    expect((await here.revoke(issued.key.id))?.revokedAt?.getTime()).toBe(clock);
    expect((await here.verify(issued.secret)).status).toBe('revoked');
    expect((await there.verify(issued.secret)).status).toBe('valid');
    clock += 1000;
    expect((await there.verify(issued.secret)).status).toBe('revoked');
    expect(await here.list()).not.toContainEqual(expect.objectContaining({ id: issued.key.id }));
    expect(await here.list({ includeRevoked: true })).toContainEqual(expect.objectContaining({ id: issued.key.id }));
    expect(await here.revoke('key_missing')).toBeNull();
  });

  it('rotates: the new secret works, the old one through its grace period only', async () => {
    const service = new StoreKeyService(store, { now, cacheTtlMs: 0 });
    const issued = await service.create({ user: 'rotator' });
    const rotated = await service.rotate(issued.key.id, { graceMs: 60_000 });
    if (!rotated) throw new Error('expected a rotation');
    expect(rotated.key.id).toBe(issued.key.id);
    expect(rotated.secret).not.toBe(issued.secret);
    expect(rotated.key.previousPrefix).toBe(issued.key.prefix);
    expect((await service.verify(rotated.secret)).status).toBe('valid');
    expect((await service.verify(issued.secret)).status).toBe('valid');
    clock += 60_000;
    expect((await service.verify(issued.secret)).status).toBe('revoked');
    // Without a grace period the replaced secret's hash is dropped: it is as unknown as a secret never issued.
    const again = await service.rotate(issued.key.id);
    expect((await service.verify(rotated.secret)).status).toBe('unknown');
    expect((await service.verify(again?.secret ?? '')).status).toBe('valid');
    await service.revoke(issued.key.id);
    expect(await service.rotate(issued.key.id)).toBeNull();
  });

  it('stops an expired key', async () => {
    const service = new StoreKeyService(store, { now, cacheTtlMs: 0 });
    const issued = await service.create({ expiresAt: new Date(clock + 5000) });
    expect((await service.verify(issued.secret)).status).toBe('valid');
    clock += 5000;
    expect((await service.verify(issued.secret)).status).toBe('expired');
  });
}

describe('StoreKeyService on SQLite', () => {
  keyServiceContract(async () => {
    const directory = await mkdtemp(path.join(os.tmpdir(), 'tollgate-keys-'));
    const store = await openStore(`sqlite://${path.join(directory, 'keys.db')}`);
    return { store, cleanup: () => rm(directory, { recursive: true, force: true }) };
  });
});

warnWhenPostgresIsSkipped('StoreKeyService');

describe.skipIf(!POSTGRES_TEST_URL)('StoreKeyService on Postgres', () => {
  keyServiceContract(async () => {
    const schema = createPostgresTestSchema('keys');
    const store = await openStore(schema.url);
    return { store, cleanup: () => schema.drop() };
  });
});
