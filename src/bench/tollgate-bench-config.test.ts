import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { budgetsFromConfig } from '../budgets/budget-scope.js';
import { loadConfigFile } from '../config/load-config.js';
import type { TollgateConfig } from '../config/schema.js';
import { providerTypes } from '../providers/registry.js';
import { BENCH_ROUTE, BUDGET_PROBE_FEATURE, tollgateBenchSetup, type TollgateBenchSetup } from './tollgate-bench-config.js';

describe('the benchmark’s Tollgate config, written out as tollgate.yaml and loaded like any other', () => {
  let directory: string;
  let setup: TollgateBenchSetup;
  let config: TollgateConfig;
  beforeAll(async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), 'tollgate-bench-config-'));
    setup = tollgateBenchSetup({ simulatorUrl: 'http://127.0.0.1:4999', directory, adminKey: 'bench-admin-test' });
    const file = path.join(directory, 'tollgate.yaml');
    await writeFile(file, stringify(setup.config));
    config = await loadConfigFile(file, { env: {}, providerTypes: providerTypes() });
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('asks for every per-request feature: keys, SQLite ledger, metrics, a route to the simulator', () => {
    expect(config.auth.mode).toBe('keys');
    expect(config.server.adminKey).toBe('bench-admin-test');
    expect(config.storage.url).toBe(`sqlite://${directory}/tollgate.db`);
    expect(config.ledger.durability).toBe('batched');
    expect(config.telemetry.metrics.enabled).toBe(true);
    expect(config.routes[BENCH_ROUTE]?.targets).toEqual(['openai/gpt-4o-mini']);
    expect(config.providers.openai?.baseUrl).toBe('http://127.0.0.1:4999/v1');
  });

  it('has budgets the load never exhausts, and a one-picodollar budget that only the probe names', () => {
    const budgets = budgetsFromConfig(config.budgets);
    const probe = budgets.find((budget) => budget.scope.kind === 'feature' && budget.scope.value === BUDGET_PROBE_FEATURE);
    expect(probe?.limitPico).toBe(1n);
    const others = budgets.filter((budget) => budget !== probe);
    expect(others.length).toBeGreaterThanOrEqual(2);
    for (const budget of others) expect(budget.limitPico).toBeGreaterThanOrEqual(100_000n * 1_000_000_000_000n);
    expect(setup.attributionHeaders['x-tollgate-feature']).not.toBe(BUDGET_PROBE_FEATURE);
  });
});
