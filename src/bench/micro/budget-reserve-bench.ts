/**
 * Micro-benchmark of the budget step around each request: reserve the worst case against every budget
 * that applies (the benchmark config's global and per-user budgets plus the virtual key's own), then
 * settle it to the actual cost, with the in-memory engine a single instance runs. Each iteration is one
 * reserve + settle pair for a new request id, as on a serving gateway.
 */
import { budgetsFromConfig, keyBudgetDefinition } from '../../budgets/budget-scope.js';
import { MemoryBudgetEngine } from '../../budgets/memory-budget-engine.js';
import { configSchema } from '../../config/schema.js';
import { BENCH_FEATURE, BENCH_USER, tollgateBenchSetup } from '../tollgate-bench-config.js';
import type { MicroBenchResult } from './micro-result.js';

export async function benchBudgetReserve(options: { iterations?: number } = {}): Promise<MicroBenchResult> {
  const iterations = options.iterations ?? 100_000;
  const setup = tollgateBenchSetup({ simulatorUrl: 'http://127.0.0.1:1', directory: '/nonexistent', adminKey: 'unused' });
  const budgets = budgetsFromConfig(configSchema.shape.budgets.parse(setup.config.budgets));
  const engine = new MemoryBudgetEngine({ budgets, timeZone: 'UTC', now: () => Date.UTC(2025, 8, 1, 12) });
  const keyBudget = keyBudgetDefinition({ keyId: 'key_bench', limitPico: setup.key.budgetPico ?? 1n, period: setup.key.budgetPeriod ?? 'month' });
  const attribution = { user: BENCH_USER, feature: BENCH_FEATURE, tags: [], keyId: 'key_bench' };
  const run = async (prefix: string, count: number): Promise<void> => {
    for (let index = 0; index < count; index += 1) {
      const reserved = await engine.reserve({ requestId: `${prefix}${index}`, attribution, keyBudget, amountPico: 2_500_000_000n });
      if (reserved.status !== 'ok') throw new Error(`the benchmark budgets refused a reservation (${reserved.status})`);
      await reserved.reservation.settle(33_150_000n);
    }
  };
  try {
    await run('warm-', Math.min(5000, iterations));
    const started = process.hrtime.bigint();
    await run('req-', iterations);
    const elapsed = process.hrtime.bigint() - started;
    return { name: 'budgets: MemoryBudgetEngine reserve() + settle()', iterations, nsPerOp: Number(elapsed) / iterations, source: 'src/bench/micro/budget-reserve-bench.ts' };
  } finally {
    await engine.close();
  }
}
