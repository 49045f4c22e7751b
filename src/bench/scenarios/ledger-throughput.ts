/**
 * Scenario 4: the ledger. Tollgate alone, at rising open-loop rates: every answered request is one
 * ledger record, so the rate at which the request latency stays flat and the SQLite ledger keeps up
 * (all records written within a second of the last answer) is the record rate the ledger sustains
 * without slowing requests down.
 */
import { formatNumber } from '../progress.js';
import { waitForLedgerQuiet, waitForLedgerRows } from '../stack/ledger-rows.js';
import { withRuntimeMetrics, type RuntimeDuring } from '../stack/runtime-metrics.js';
import { OPEN_LOOP_MAX_CONNECTIONS } from './open-loop-latency.js';
import { SMALL_ANSWER_TOKENS, type ScenarioContext } from './scenario-context.js';

export interface LedgerStep {
  ratePerSecond: number;
  achievedRate: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  recordsExpected: number;
  recordsWritten: number;
  /** From the last answer until every record of the step was in the ledger. */
  catchUpMs: number;
  isSustained: boolean;
  /** Tollgate's own event loop and GC during the step (from its /metrics), when metrics are on. */
  runtime: RuntimeDuring | null;
  /** Why the step does not count as sustained. */
  reasons: string[];
}

export interface LedgerResult {
  stepSeconds: number;
  steps: LedgerStep[];
  /** The highest rate at which this and every lower step were sustained; 0 when none was. */
  sustainedRecordsPerSecond: number;
  /** True when even the highest step tried was sustained: the ledger may sustain more. */
  isLowerBound: boolean;
  rule: string;
}

const CATCH_UP_LIMIT_MS = 1000;
/** Above this p99 at the lowest rate, requests already queue for the CPU, and "latency not rising" means nothing. */
const BASELINE_P99_LIMIT_MS = 50;
export const LEDGER_RULE =
  'a step is sustained when no request failed, at least 95% of the scheduled rate was answered, p99 stayed within 2× the lowest step’s p99 (or +2 ms), and every record reached SQLite within 1 s of the last answer; the lowest step must itself have a p99 under 50 ms, or nothing is called sustained';

export async function runLedgerThroughput(context: ScenarioContext): Promise<LedgerResult> {
  const { options, tollgate } = context;
  await context.simulator.shapeAnswers({ outputTokens: SMALL_ANSWER_TOKENS });
  const steps: LedgerStep[] = [];
  const lowestRate = options.ledgerRates[0];
  if (lowestRate !== undefined) {
    // A warm-up at the lowest rate, not recorded, so that the first step (every later step's baseline) does not
    // pay for the JIT or for the garbage the previous scenario left behind.
    await context.load.run(
      { kind: 'open-loop', target: tollgate.chatTarget(false), ratePerSecond: lowestRate, durationSeconds: Math.max(1, options.warmupSeconds), warmupSeconds: 0, maxConnections: OPEN_LOOP_MAX_CONNECTIONS },
      (options.warmupSeconds + 90) * 1000,
    );
  }
  for (const rate of options.ledgerRates) {
    // Records of earlier load may still be on their way to SQLite: start from a ledger at rest.
    const before = await waitForLedgerQuiet(tollgate.databaseFile, 600, 15_000);
    const { result, runtime } = await withRuntimeMetrics(tollgate.metricsOrigin, () =>
      context.load.run(
        { kind: 'open-loop', target: tollgate.chatTarget(false), ratePerSecond: rate, durationSeconds: options.ledgerStepSeconds, warmupSeconds: 0, maxConnections: OPEN_LOOP_MAX_CONNECTIONS },
        (options.ledgerStepSeconds + 90) * 1000,
      ),
    );
    const expected = result.succeeded;
    const written = await waitForLedgerRows(tollgate.databaseFile, before + expected, 10_000);
    const baselineP99 = steps[0]?.p99Ms ?? result.latency.p99;
    const reasons: string[] = [];
    if (steps.length === 0 && result.latency.p99 > BASELINE_P99_LIMIT_MS) {
      reasons.push(`p99 was already ${formatNumber(result.latency.p99, 0)} ms at the lowest rate: the machine or the gateway was saturated before the ledger was`);
    }
    if (result.errors > 0) reasons.push(`${result.errors} requests failed (${result.firstError ?? 'no detail'})`);
    if (result.achievedRate < rate * 0.95) reasons.push(`only ${formatNumber(result.achievedRate)} req/s answered`);
    if (result.latency.p99 > Math.max(baselineP99 * 2, baselineP99 + 2)) reasons.push(`p99 rose to ${formatNumber(result.latency.p99, 2)} ms from ${formatNumber(baselineP99, 2)} ms`);
    if (written.rows - before < expected) reasons.push(`only ${written.rows - before} of ${expected} records written after 10 s`);
    else if (written.waitedMs > CATCH_UP_LIMIT_MS) reasons.push(`records took ${formatNumber(written.waitedMs)} ms to reach SQLite`);
    const step: LedgerStep = {
      ratePerSecond: rate,
      achievedRate: result.achievedRate,
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      errors: result.errors,
      recordsExpected: expected,
      recordsWritten: written.rows - before,
      catchUpMs: written.waitedMs,
      isSustained: reasons.length === 0,
      runtime: runtime ?? null,
      reasons,
    };
    steps.push(step);
    context.progress(
      `ledger ${formatNumber(rate)} records/s: p99 ${formatNumber(step.p99Ms, 2)} ms, ${step.recordsWritten}/${expected} written, caught up in ${formatNumber(step.catchUpMs)} ms` +
        `${runtime ? `, event-loop lag max ${formatNumber(runtime.eventLoopLagMaxMs)} ms, GC ${formatNumber(runtime.gcMs)} ms` : ''}${step.isSustained ? '' : ` — not sustained: ${reasons.join('; ')}`}`,
    );
    if (!step.isSustained) break;
  }
  const firstMiss = steps.findIndex((step) => !step.isSustained);
  const sustainedSteps = firstMiss === -1 ? steps : steps.slice(0, firstMiss);
  const sustained = sustainedSteps[sustainedSteps.length - 1];
  return {
    stepSeconds: options.ledgerStepSeconds,
    steps,
    sustainedRecordsPerSecond: sustained?.ratePerSecond ?? 0,
    isLowerBound: firstMiss === -1,
    rule: LEDGER_RULE,
  };
}
