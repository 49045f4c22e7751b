/**
 * `npm run bench`: Tollgate against a bare undici proxy (the floor) and, with `--peer portkey`, a peer
 * gateway, all in front of the same simulator, each in its own process. Writes a Markdown and a JSON
 * report to bench/results/ and prints the headline table. `--smoke` is the CI run: seconds long, every
 * scenario, nothing asserted, report written to a temporary directory.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { isScenarioName, resolveBenchOptions, SCENARIO_NAMES, type BenchFlags, type BenchOptions, type ScenarioName } from './bench-options.js';
import { installChildCleanup, liveChildren, stopAllChildren } from './process/child-registry.js';
import { createProgress } from './progress.js';
import { renderTerminal } from './report/render-terminal.js';
import { runBench } from './run-bench.js';

function positiveNumber(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new InvalidArgumentError('a positive number');
  return number;
}

function positiveInteger(value: string): number {
  const number = positiveNumber(value);
  if (!Number.isInteger(number)) throw new InvalidArgumentError('a whole number');
  return number;
}

function scenarioList(value: string, previous: ScenarioName[] = []): ScenarioName[] {
  const names = value.split(',').map((name) => name.trim());
  for (const name of names) if (!isScenarioName(name)) throw new InvalidArgumentError(`one of ${SCENARIO_NAMES.join(', ')}`);
  return [...previous, ...names.filter(isScenarioName)];
}

const program = new Command('bench')
  .description('benchmark Tollgate against a bare proxy and (optionally) a peer gateway, side by side on this machine')
  .option('--smoke', 'a seconds-long run of every scenario for CI: asserts nothing, writes its report to a temporary directory')
  .addOption(new Option('--peer <gateway>', 'also run a peer gateway (installed outside the repository)').choices(['portkey']))
  .option('--rounds <n>', 'rounds of A B A B turns (default 3, smoke 1)', positiveInteger)
  .option('--duration <seconds>', 'measured seconds per closed- and open-loop run (default 10, smoke 1)', positiveNumber)
  .option('--only <scenarios>', `run only these scenarios, comma-separated: ${SCENARIO_NAMES.join(', ')}`, scenarioList)
  .option('--output <directory>', 'where the report goes (default bench/results, smoke: a temporary directory)')
  .option('--profile <seconds>', 'also profile Tollgate with node --cpu-prof for this many seconds at saturation', positiveNumber)
  .option('--postgres <url>', 'Postgres for the usage-queries scenario (default $TOLLGATE_BENCH_POSTGRES_URL, then $TOLLGATE_TEST_POSTGRES_URL); without one, that part is not measured')
  .option('--usage-rows <n>', 'ledger rows generated in Postgres for the grouped usage queries (default 10,000,000, smoke 20,000)', positiveInteger);

program.parse();

/** A flag that cannot be used (a mistyped Postgres URL) ends the run here, as commander's own flag errors do. */
function optionsOrExit(flags: BenchFlags): BenchOptions {
  try {
    return resolveBenchOptions(flags);
  } catch (error) {
    return program.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const flags = program.opts<BenchFlags>();
const options = optionsOrExit(flags);
const progress = createProgress();
installChildCleanup((signal) => progress(`${signal}: stopping every process the benchmark started`));

try {
  const { report, written } = await runBench(options, progress);
  process.stdout.write(`\n${renderTerminal(report)}\n`);
  process.stdout.write(`report: ${written.markdown}\n        ${written.json}\n        ${written.latest}\n`);
} catch (error) {
  process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
} finally {
  if (liveChildren() > 0) await stopAllChildren();
}
