/** What one benchmark run does: the full run's defaults, the CI smoke run's, and the flags that change them. */
import os from 'node:os';
import path from 'node:path';
import { REPOSITORY_ROOT } from './stack/dist-paths.js';

export const SCENARIO_NAMES = ['saturation', 'open-loop', 'streaming', 'ledger', 'micro', 'usage-queries'] as const;
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
  /** Where the usage-queries scenario generates and queries its rows; undefined = that part is not measured. */
  postgresUrl: string | undefined;
  /** Ledger rows generated in Postgres for the grouped usage queries (issue 7: ten million). */
  usageRows: number;
  /** Days those rows spread over: ten million over 30 days is a busy month. */
  usageDays: number;
  /** Rows per INSERT … SELECT while generating them. */
  usageChunkRows: number;
  /** Timed runs per usage query (after one warm-up run). */
  usageQueryRuns: number;
  /** Ledger records per engine in the ingest benchmark, and records per batch. */
  ingestRecords: number;
  ingestBatchSize: number;
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
  postgres?: string;
  usageRows?: number;
}

/** The environment variables a Postgres URL may come from when `--postgres` is not given, first one set wins. */
export const POSTGRES_URL_VARIABLES = ['TOLLGATE_BENCH_POSTGRES_URL', 'TOLLGATE_TEST_POSTGRES_URL'] as const;

export const RESULTS_DIRECTORY = path.join(REPOSITORY_ROOT, 'bench', 'results');

/** `env` is a parameter so that tests do not depend on the Postgres URL of the machine they run on. */
export function resolveBenchOptions(flags: BenchFlags, env: Readonly<Record<string, string | undefined>> = process.env): BenchOptions {
  const postgresUrl = postgresUrlFrom(flags, env);
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
        postgresUrl,
        // Small sizes that still give every query rows to return (the sizes src/store/usage/usage.bench.test.ts uses).
        usageRows: 20_000,
        usageDays: 2,
        usageChunkRows: 10_000,
        usageQueryRuns: 1,
        ingestRecords: 1_000,
        ingestBatchSize: 250,
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
        postgresUrl,
        usageRows: 10_000_000,
        usageDays: 30,
        usageChunkRows: 500_000,
        usageQueryRuns: 5,
        ingestRecords: 50_000,
        ingestBatchSize: 500,
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
    postgresUrl,
    ...(flags.usageRows === undefined ? {} : { usageRows: flags.usageRows }),
  };
}

/**
 * The flag, else the first variable set; checked here so that a mistyped URL stops the run before its
 * other scenarios, not half an hour later. The message names where the URL came from, never the URL
 * (it may hold a password).
 */
function postgresUrlFrom(flags: BenchFlags, env: Readonly<Record<string, string | undefined>>): string | undefined {
  const sources: Array<[string, string | undefined]> = [['--postgres', flags.postgres], ...POSTGRES_URL_VARIABLES.map((name): [string, string | undefined] => [name, env[name]])];
  const found = sources.find(([, value]) => value !== undefined && value !== '');
  if (!found) return undefined;
  const [source, url = ''] = found;
  if (!/^postgres(ql)?:\/\//.test(url) || !URL.canParse(url)) throw new Error(`${source} is not a postgres:// or postgresql:// URL`);
  return url;
}
