/**
 * Scenario 3: streaming. First, 100-token answers streamed one at a time: time to first token and to
 * the end. Then 1,000 streams at once, paced by the simulator so that all are open together, while the
 * contender's resident memory is sampled: its peak, and how many streams failed.
 */
import { formatNumber } from '../progress.js';
import { readProcessMemory, sampleProcessMemory } from '../process/process-memory.js';
import { inTurns, type ByContender } from './in-turns.js';
import type { ScenarioContext } from './scenario-context.js';

export interface StreamLatencyRound {
  ttftP50Ms: number;
  ttftP99Ms: number;
  totalP50Ms: number;
  totalP99Ms: number;
  errors: number;
  firstError: string | null;
}

export interface ConcurrentStreamsRound {
  baselineRssMb: number;
  peakRssMb: number;
  completed: number;
  errors: number;
  peakOpen: number;
  wallSeconds: number;
  ttftP50Ms: number;
  ttftP99Ms: number;
  firstError: string | null;
}

export interface StreamingResult {
  answerTokens: number;
  latencyStreams: number;
  latency: ByContender<StreamLatencyRound>;
  concurrentStreams: number;
  tokensPerSecond: number;
  concurrent: ByContender<ConcurrentStreamsRound>;
}

const MEGABYTE = 1024 * 1024;

export async function runStreaming(context: ScenarioContext): Promise<StreamingResult> {
  const { options } = context;
  await context.simulator.shapeAnswers({ outputTokens: options.streamTokens });
  const latency = await inTurns<StreamLatencyRound>({
    title: `streaming ${options.streamTokens} tokens, one at a time`,
    contenders: context.contenders,
    rounds: options.rounds,
    progress: context.progress,
    measure: async (contender) => {
      const result = await context.load.run(
        { kind: 'stream-latency', target: contender.chatTarget(true), streams: options.latencyStreams, concurrency: 1, warmupStreams: Math.min(20, options.latencyStreams) },
        300_000,
      );
      return {
        ttftP50Ms: result.timeToFirstToken.p50,
        ttftP99Ms: result.timeToFirstToken.p99,
        totalP50Ms: result.total.p50,
        totalP99Ms: result.total.p99,
        errors: result.errors,
        firstError: result.firstError,
      };
    },
    describe: (round) => `TTFT p50 ${formatNumber(round.ttftP50Ms, 2)} ms, total p50 ${formatNumber(round.totalP50Ms, 2)} ms, ${round.errors} errors`,
  });

  await context.simulator.shapeAnswers({ outputTokens: options.streamTokens, tokensPerSecond: options.concurrentStreamTokensPerSecond });
  // The simulator answering directly is no gateway: its memory says nothing about holding streams open.
  const gateways = context.contenders.filter((contender) => contender.name !== 'direct');
  const concurrent = await inTurns<ConcurrentStreamsRound>({
    title: `${formatNumber(options.concurrentStreams)} concurrent streams`,
    contenders: gateways,
    rounds: options.rounds,
    progress: context.progress,
    measure: async (contender) => {
      const baseline = readProcessMemory(contender.pid)?.rssBytes ?? Number.NaN;
      const sampler = sampleProcessMemory(contender.pid, 50);
      const expectedSeconds = options.streamTokens / options.concurrentStreamTokensPerSecond;
      const result = await context.load.run(
        { kind: 'concurrent-streams', target: contender.chatTarget(true), streams: options.concurrentStreams, timeoutMs: Math.round((expectedSeconds * 20 + 60) * 1000) },
        Math.round((expectedSeconds * 20 + 120) * 1000),
      );
      const { peakRssBytes } = sampler.stop();
      return {
        baselineRssMb: baseline / MEGABYTE,
        peakRssMb: peakRssBytes / MEGABYTE,
        completed: result.completed,
        errors: result.errors,
        peakOpen: result.peakOpen,
        wallSeconds: result.wallSeconds,
        ttftP50Ms: result.timeToFirstToken.p50,
        ttftP99Ms: result.timeToFirstToken.p99,
        firstError: result.firstError,
      };
    },
    describe: (round) =>
      `peak RSS ${formatNumber(round.peakRssMb)} MB (from ${formatNumber(round.baselineRssMb)} MB), ${round.completed} completed, ${round.errors} errors, ${formatNumber(round.wallSeconds, 1)} s`,
  });
  return {
    answerTokens: options.streamTokens,
    latencyStreams: options.latencyStreams,
    latency,
    concurrentStreams: options.concurrentStreams,
    tokensPerSecond: options.concurrentStreamTokensPerSecond,
    concurrent,
  };
}
