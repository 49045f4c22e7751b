/**
 * Scenario 2: a fixed arrival rate, open loop (500 and 2,000 requests/s by default). Latency is taken
 * from each request's scheduled send time, so a stall shows on every request due during it.
 */
import type { OpenLoopResult } from '../load/load-job.js';
import { formatNumber } from '../progress.js';
import { withRuntimeMetrics, type RuntimeDuring } from '../stack/runtime-metrics.js';
import { inTurns, type ByContender } from './in-turns.js';
import { SMALL_ANSWER_TOKENS, type ScenarioContext } from './scenario-context.js';

export interface OpenLoopRound {
  achievedRate: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
  serviceP50Ms: number;
  serviceP99Ms: number;
  errors: number;
  sendLagP99Ms: number;
  firstError: string | null;
  /** The contender's own event loop and GC during the run, when it serves metrics (Tollgate). */
  runtime: RuntimeDuring | null;
}

export interface OpenLoopRateResult {
  ratePerSecond: number;
  byContender: ByContender<OpenLoopRound>;
}

export interface OpenLoopLatencyResult {
  durationSeconds: number;
  warmupSeconds: number;
  answerTokens: number;
  rates: OpenLoopRateResult[];
}

/** Enough connections that the client never queues at these rates unless the server stalls. */
export const OPEN_LOOP_MAX_CONNECTIONS = 512;

export function openLoopRound(result: OpenLoopResult, runtime?: RuntimeDuring): OpenLoopRound {
  return {
    achievedRate: result.achievedRate,
    p50Ms: result.latency.p50,
    p90Ms: result.latency.p90,
    p99Ms: result.latency.p99,
    p999Ms: result.latency.p999,
    maxMs: result.latency.max,
    serviceP50Ms: result.serviceTime.p50,
    serviceP99Ms: result.serviceTime.p99,
    errors: result.errors,
    sendLagP99Ms: result.sendLagP99,
    firstError: result.firstError,
    runtime: runtime ?? null,
  };
}

export async function runOpenLoopLatency(context: ScenarioContext): Promise<OpenLoopLatencyResult> {
  const { options } = context;
  await context.simulator.shapeAnswers({ outputTokens: SMALL_ANSWER_TOKENS });
  const rates: OpenLoopRateResult[] = [];
  for (const rate of options.openLoopRates) {
    const byContender = await inTurns<OpenLoopRound>({
      title: `open loop ${formatNumber(rate)} req/s`,
      contenders: context.contenders,
      rounds: options.rounds,
      progress: context.progress,
      measure: async (contender) => {
        const job = {
          kind: 'open-loop',
          target: contender.chatTarget(false),
          ratePerSecond: rate,
          durationSeconds: options.durationSeconds,
          warmupSeconds: options.warmupSeconds,
          maxConnections: OPEN_LOOP_MAX_CONNECTIONS,
        } as const;
        const timeoutMs = (options.durationSeconds + options.warmupSeconds + 90) * 1000;
        const { result, runtime } = await withRuntimeMetrics(contender.metricsOrigin, () => context.load.run(job, timeoutMs));
        return openLoopRound(result, runtime);
      },
      describe: (round) =>
        `p50 ${formatNumber(round.p50Ms, 2)} ms, p99 ${formatNumber(round.p99Ms, 2)} ms, p99.9 ${formatNumber(round.p999Ms, 2)} ms, ${formatNumber(round.achievedRate)} req/s answered, ${round.errors} errors` +
        (round.runtime ? `; its event loop: lag max ${formatNumber(round.runtime.eventLoopLagMaxMs)} ms, GC ${formatNumber(round.runtime.gcMs)} ms` : ''),
    });
    rates.push({ ratePerSecond: rate, byContender });
  }
  return { durationSeconds: options.durationSeconds, warmupSeconds: options.warmupSeconds, answerTokens: SMALL_ANSWER_TOKENS, rates };
}
