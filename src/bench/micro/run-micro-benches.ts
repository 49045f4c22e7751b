/**
 * The hot functions, one after another in one process: pricing a usage (src/pricing's own benchmark),
 * estimating a request, reserving and settling a budget, and how long a ledger flush holds the event
 * loop (src/store's own benchmark).
 */
import { benchPricing } from '../../pricing/pricing.bench.js';
import { benchLedgerFlush } from '../../store/store.bench.js';
import type { MicroResult } from '../load/load-job.js';
import { benchBudgetReserve } from './budget-reserve-bench.js';
import { benchEstimate } from './estimate-bench.js';
import type { MicroBenchResult } from './micro-result.js';

export interface MicroSettings {
  iterations: number;
  flushRecords: number;
  flushes: number;
}

export async function runMicroBenches(settings: MicroSettings): Promise<MicroResult> {
  const pricing = benchPricing({ iterations: settings.iterations });
  const functions: MicroBenchResult[] = [
    { ...pricing, source: 'src/pricing/pricing.bench.ts' },
    benchEstimate({ iterations: Math.max(1, Math.round(settings.iterations / 10)) }),
    await benchBudgetReserve({ iterations: Math.max(1, Math.round(settings.iterations / 10)) }),
  ];
  const ledgerFlush = await benchLedgerFlush(settings.flushRecords, settings.flushes);
  return {
    kind: 'micro',
    functions,
    ledgerFlush,
    gaps: ['src/budgets has no micro-benchmark of its own yet: the reserve + settle figure comes from the harness (src/bench/micro/budget-reserve-bench.ts), driving MemoryBudgetEngine through its public interface'],
  };
}
