/** Scenario 5: micro-benchmarks of the hot functions, in a load process of their own. */
import type { MicroResult } from '../load/load-job.js';
import { formatNumber } from '../progress.js';
import type { ScenarioContext } from './scenario-context.js';

export async function runMicro(context: Pick<ScenarioContext, 'options' | 'progress' | 'load'>): Promise<MicroResult> {
  const { options } = context;
  context.progress('micro-benchmarks: pricing, estimate, budget reserve, ledger flush');
  const result = await context.load.run({ kind: 'micro', iterations: options.microIterations, flushRecords: options.flushRecords, flushes: options.flushes }, 600_000);
  for (const bench of result.functions) context.progress(`micro ${bench.name}: ${formatNumber(bench.nsPerOp)} ns/op`);
  context.progress(
    `micro ledger flush of ${result.ledgerFlush.recordsPerFlush} records: ${formatNumber(result.ledgerFlush.workerFlushMs.median, 1)} ms on the worker, ${formatNumber(result.ledgerFlush.workerMainThreadBusyMs.median, 2)} ms of main-thread time`,
  );
  return result;
}
