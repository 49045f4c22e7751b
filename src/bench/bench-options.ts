/** What one benchmark run does: the full run's defaults, the CI smoke run's, and the flags that change them. */
import os from 'node:os';
import path from 'node:path';
import { REPOSITORY_ROOT } from './stack/dist-paths.js';

export const SCENARIO_NAMES = ['saturation', 'open-loop', 'streaming', 'ledger', 'micro'] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

export function isScenarioName(value: string): value is ScenarioName {
  return (SCENARIO_NAMES as readonly string[]).includes(value);
}

export interface BenchOptions {
  isSmoke: boolean;
  rounds: number;
  /** Length of each measured closed- or open-loop run. */
  durationSeconds: number;
  warmupSeconds: number;
  /** Closed-loop connections at saturation. */
  connections: number;
  openLoopRates: number[];
  /** Streams per contender per round for time-to-first-token, one at a time. */
  latencyStreams: number;
  concurrentStreams: number;
  streamTokens: number;
  /** Token pacing during the concurrent-streams run, so that every stream is open at the same time. */
  concurrentStreamTokensPerSecond: number;
  ledgerRates: number[];
  ledgerStepSeconds: number;
  microIterations: number;
  flushRecords: number;
  flushes: number;
  peer: 'portkey' | undefined;
  scenarios: ScenarioName[];
  /** Where the report goes: bench/results/ for a real run, a temporary directory for the smoke run. */
  outputDirectory: string;
  /** Seconds of saturation load on a separately started, CPU-profiled Tollgate; undefined = no profile. */
  profileSeconds: number | undefined;
}

export interface BenchFlags {
  smoke?: boolean;
  rounds?: number;
  duration?: number;
  only?: ScenarioName[];
  peer?: 'portkey';
  output?: string;
  profile?: number;
}

export const RESULTS_DIRECTORY = path.join(REPOSITORY_ROOT, 'bench', 'results');

export function resolveBenchOptions(flags: BenchFlags): BenchOptions {
  const isSmoke = flags.smoke ?? false;
  const base: BenchOptions = isSmoke
    ? {
        isSmoke,
        rounds: 1,
        durationSeconds: 1,
        warmupSeconds: 0.5,
        connections: 16,
        openLoopRates: [200],
        latencyStreams: 10,
        concurrentStreams: 50,
        streamTokens: 100,
        concurrentStreamTokensPerSecond: 200,
        ledgerRates: [100, 200],
        ledgerStepSeconds: 1,
        microIterations: 20_000,
        flushRecords: 100,
        flushes: 3,
        peer: undefined,
        scenarios: [...SCENARIO_NAMES],
        outputDirectory: path.join(os.tmpdir(), `tollgate-bench-smoke-${process.pid}`),
        profileSeconds: undefined,
      }
    : {
        isSmoke,
        rounds: 3,
        durationSeconds: 10,
        warmupSeconds: 2,
        connections: 64,
        openLoopRates: [500, 2000],
        latencyStreams: 200,
        concurrentStreams: 1000,
        streamTokens: 100,
        concurrentStreamTokensPerSecond: 50,
        ledgerRates: [250, 500, 1000, 1500, 2000, 3000],
        ledgerStepSeconds: 5,
        microIterations: 1_000_000,
        flushRecords: 500,
        flushes: 20,
        peer: undefined,
        scenarios: [...SCENARIO_NAMES],
        outputDirectory: RESULTS_DIRECTORY,
        profileSeconds: undefined,
      };
  return {
    ...base,
    ...(flags.rounds === undefined ? {} : { rounds: flags.rounds }),
    ...(flags.duration === undefined ? {} : { durationSeconds: flags.duration }),
    ...(flags.only === undefined || flags.only.length === 0 ? {} : { scenarios: flags.only }),
    ...(flags.peer === undefined ? {} : { peer: flags.peer }),
    ...(flags.output === undefined ? {} : { outputDirectory: path.resolve(flags.output) }),
    ...(flags.profile === undefined ? {} : { profileSeconds: flags.profile }),
  };
}
