/**
 * The one place that says how Tollgate runs in the benchmark: its production shape, with every
 * feature that costs something per request switched on — virtual-key auth, pricing (always on),
 * budgets with a reservation before each call, the ledger on SQLite (batched), and metrics.
 * Whether each feature actually took effect is not assumed from this file: the benchmark probes the
 * running gateway (see stack/probe-tollgate-features.ts) and the report says what it found.
 */
import type { ConfigInput } from '../config/schema.js';
import type { CreateKeyInput } from '../keys/virtual-key.js';

/** The route the load asks for; one target, like most production routes. */
export const BENCH_ROUTE = 'bench';
/** The simulator model behind it; the simulator's per-model behaviour sets the answer length. */
export const BENCH_UPSTREAM_MODEL = 'gpt-4o-mini';
export const BENCH_USER = 'bench-user';
export const BENCH_FEATURE = 'bench';
/** A feature whose budget is one picodollar: a request naming it must be refused if budgets are enforced. */
export const BUDGET_PROBE_FEATURE = 'bench-budget-probe';

export interface TollgateBenchSetup {
  config: ConfigInput;
  /** Issued in the store before the gateway starts; its secret is sent as `Authorization: Bearer`. */
  key: CreateKeyInput;
  /** Attribution every benchmark request carries (sent to every contender alike). */
  attributionHeaders: Record<string, string>;
}

export function tollgateBenchSetup(options: { simulatorUrl: string; directory: string; adminKey: string }): TollgateBenchSetup {
  const config: ConfigInput = {
    server: { host: '127.0.0.1', adminKey: options.adminKey },
    auth: { mode: 'keys' },
    storage: { url: `sqlite://${options.directory}/tollgate.db` },
    ledger: { durability: 'batched', journalDir: `${options.directory}/journal` },
    telemetry: { metrics: { enabled: true } },
    providers: {
      openai: { type: 'openai', apiKey: 'sk-bench-simulator', baseUrl: `${options.simulatorUrl}/v1` },
    },
    routes: {
      [BENCH_ROUTE]: { strategy: 'fallback', targets: [`openai/${BENCH_UPSTREAM_MODEL}`] },
    },
    budgets: [
      { name: 'bench-global', scope: { global: true }, limitUsd: '1000000', period: 'day', action: 'reject' },
      { name: 'bench-each-user', scope: { user: '*' }, limitUsd: '100000', period: 'day', action: 'reject' },
      { name: 'bench-budget-probe', scope: { feature: BUDGET_PROBE_FEATURE }, limitUsd: '0.000000000001', period: 'day', action: 'reject' },
    ],
  };
  return {
    config,
    key: { name: 'bench', user: BENCH_USER, feature: BENCH_FEATURE, budgetPico: 100_000n * 1_000_000_000_000n, budgetPeriod: 'month' },
    attributionHeaders: { 'x-tollgate-user': BENCH_USER, 'x-tollgate-feature': BENCH_FEATURE },
  };
}
