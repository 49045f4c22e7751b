import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe } from 'vitest';
import { openStore } from '../store/index.js';
import type { Store } from '../store/index.js';
import { budgetEngineContract } from './budget-engine.contract.js';
import { storeSeedSource } from './budget-seed-source.js';
import { MemoryBudgetEngine } from './memory-budget-engine.js';
import { insertSeedLedger } from './test-fixtures/seed-ledger.js';

describe('MemoryBudgetEngine', () => {
  let directory: string;
  let store: Store;

  beforeAll(async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), 'tollgate-budgets-'));
    store = await openStore(`sqlite://${path.join(directory, 'ledger.db')}`);
    await insertSeedLedger(store);
  });

  afterAll(async () => {
    await store.close();
    await rm(directory, { recursive: true, force: true });
  });

  budgetEngineContract(async (options) => new MemoryBudgetEngine(options), { seedSource: () => storeSeedSource(store) });
});
