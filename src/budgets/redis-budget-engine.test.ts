import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseUsd } from '../core/money.js';
import { openStore } from '../store/index.js';
import type { Store } from '../store/index.js';
import { createPostgresTestSchema, POSTGRES_TEST_URL } from '../store/test-fixtures/postgres-test-schema.js';
import type { PostgresTestSchema } from '../store/test-fixtures/postgres-test-schema.js';
import { budget, budgetEngineContract } from './budget-engine.contract.js';
import { storeSeedSource } from './budget-seed-source.js';
import { RedisBudgetEngine } from './redis-budget-engine.js';
import { insertSeedLedger } from './test-fixtures/seed-ledger.js';
import { connectTestRedis, deleteRedisPrefix, REDIS_TEST_URL, uniqueRedisPrefix, warnWhenRedisIsSkipped } from './test-fixtures/redis-test.js';

warnWhenRedisIsSkipped('RedisBudgetEngine');

describe.skipIf(!REDIS_TEST_URL)('RedisBudgetEngine', () => {
  const prefixes: string[] = [];
  let cleaner: Redis;
  let directory: string;
  let store: Store;

  beforeAll(async () => {
    cleaner = connectTestRedis();
    directory = await mkdtemp(path.join(os.tmpdir(), 'tollgate-redis-budgets-'));
    store = await openStore(`sqlite://${path.join(directory, 'ledger.db')}`);
    await insertSeedLedger(store);
  });

  afterAll(async () => {
    for (const prefix of prefixes) await deleteRedisPrefix(cleaner, prefix);
    await cleaner.quit();
    await store.close();
    await rm(directory, { recursive: true, force: true });
  });

  budgetEngineContract(
    async (options) => {
      const keyPrefix = uniqueRedisPrefix('budget');
      prefixes.push(keyPrefix);
      return new RedisBudgetEngine({ ...options, redis: connectTestRedis(), ownsConnection: true, keyPrefix });
    },
    { seedSource: () => storeSeedSource(store) },
  );
});

if (REDIS_TEST_URL && !POSTGRES_TEST_URL) console.warn('RedisBudgetEngine across instances: seeding from SQLite; set TOLLGATE_TEST_POSTGRES_URL to seed from Postgres as a scaled-out deployment does');

describe.skipIf(!REDIS_TEST_URL)(`two RedisBudgetEngine instances sharing Redis, seeded from ${POSTGRES_TEST_URL ? 'Postgres' : 'SQLite'}`, () => {
  let schema: PostgresTestSchema | undefined;
  let directory: string | undefined;
  let store: Store;
  let cleaner: Redis;
  const keyPrefix = uniqueRedisPrefix('shared');

  beforeAll(async () => {
    if (POSTGRES_TEST_URL) {
      schema = createPostgresTestSchema('budgets');
      store = await openStore(schema.url);
    } else {
      directory = await mkdtemp(path.join(os.tmpdir(), 'tollgate-redis-shared-'));
      store = await openStore(`sqlite://${path.join(directory, 'ledger.db')}`);
    }
    await insertSeedLedger(store);
    cleaner = connectTestRedis();
  });

  afterAll(async () => {
    await deleteRedisPrefix(cleaner, keyPrefix);
    await cleaner.quit();
    await store.close();
    await schema?.drop();
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  it('admits no more than the budget holds when 200 reservations race across two instances, counting the ledger spend first', async () => {
    const worstCase = parseUsd('0.001');
    // ledger-user already spent $0.00204 on 2025-03-01 (seed ledger): room for exactly 10 more worst cases.
    const limit = parseUsd('0.00204') + 10n * worstCase;
    const options = { budgets: [budget('shared-daily', { scope: { kind: 'user', value: '*' }, limitPico: limit })], timeZone: 'Europe/Berlin', seedSource: storeSeedSource(store), keyPrefix };
    const engines = [new RedisBudgetEngine({ ...options, redis: connectTestRedis(), ownsConnection: true }), new RedisBudgetEngine({ ...options, redis: connectTestRedis(), ownsConnection: true })];
    const at = Date.parse('2025-03-01T18:00:00Z');
    const results = await Promise.all(
      Array.from({ length: 200 }, async (_, index) => {
        const engine = engines[index % 2];
        if (!engine) throw new Error('no engine');
        const result = await engine.reserve({ requestId: `race-${index}`, attribution: { user: 'ledger-user', tags: [] }, amountPico: worstCase, now: at });
        if (result.status === 'ok') {
          await result.reservation.settle(worstCase, at);
          // A retried settle (say after a timeout) must not charge again.
          await result.reservation.settle(worstCase, at);
        }
        return result.status;
      }),
    );
    expect(results.filter((status) => status === 'ok')).toHaveLength(10);
    const check = await engines[1]?.reserve({ requestId: 'race-check', attribution: { user: 'ledger-user', tags: [] }, amountPico: 1n, now: at });
    expect(check?.status === 'exceeded' && [check.exceeded.spentPico, check.exceeded.reservedPico]).toEqual([limit, 0n]);
    await Promise.all(engines.map((engine) => engine.close()));
  });
});
