/**
 * Scenario 1: non-streaming chat at saturation. Closed loop (autocannon, 64 connections by default):
 * the highest request rate each contender sustains, and the CPU its own process spends per request.
 */
import { formatNumber } from '../progress.js';
import { readProcessCpuMs } from '../process/process-cpu.js';
import { readProcessMemory } from '../process/process-memory.js';
import { withRuntimeMetrics, type RuntimeDuring } from '../stack/runtime-metrics.js';
import { inTurns, type ByContender } from './in-turns.js';
import { SMALL_ANSWER_TOKENS, type ScenarioContext } from './scenario-context.js';

export interface SaturationRound {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Connection errors, timeouts and non-2xx answers. */
  errors: number;
  /** CPU time of the contender's own process per answered request, in microseconds. */
  cpuUsPerRequest: number;
  rssMb: number;
  /** The contender's own event loop and GC during the run, when it serves metrics (Tollgate). */
  runtime: RuntimeDuring | null;
}

export interface SaturationResult {
  connections: number;
  durationSeconds: number;
  answerTokens: number;
  byContender: ByContender<SaturationRound>;
}

export async function runSaturation(context: ScenarioContext): Promise<SaturationResult> {
  const { options } = context;
  await context.simulator.shapeAnswers({ outputTokens: SMALL_ANSWER_TOKENS });
  const timeoutMs = (options.durationSeconds + options.warmupSeconds + 60) * 1000;
  const byContender = await inTurns<SaturationRound>({
    title: 'saturation',
    contenders: context.contenders,
    rounds: options.rounds,
    progress: context.progress,
    measure: async (contender) => {
      const target = contender.chatTarget(false);
      await context.load.run({ kind: 'closed-loop', target, connections: options.connections, durationSeconds: options.warmupSeconds }, timeoutMs);
      const cpuBefore = readProcessCpuMs(contender.pid) ?? Number.NaN;
      const { result, runtime } = await withRuntimeMetrics(contender.metricsOrigin, () =>
        context.load.run({ kind: 'closed-loop', target, connections: options.connections, durationSeconds: options.durationSeconds }, timeoutMs),
      );
      const cpuAfter = readProcessCpuMs(contender.pid) ?? Number.NaN;
      return {
        requestsPerSecond: result.requestsPerSecond,
        p50Ms: result.latency.p50,
        p99Ms: result.latency.p99,
        errors: result.errors + result.non2xx,
        cpuUsPerRequest: result.succeeded > 0 ? ((cpuAfter - cpuBefore) * 1000) / result.succeeded : Number.NaN,
        rssMb: (readProcessMemory(contender.pid)?.rssBytes ?? Number.NaN) / 1024 / 1024,
        runtime: runtime ?? null,
      };
    },
    describe: (round) =>
      `${formatNumber(round.requestsPerSecond)} req/s, p99 ${formatNumber(round.p99Ms, 1)} ms, ${formatNumber(round.cpuUsPerRequest)} µs CPU/req, ${round.errors} errors`,
  });
  return { connections: options.connections, durationSeconds: options.durationSeconds, answerTokens: SMALL_ANSWER_TOKENS, byContender };
}
