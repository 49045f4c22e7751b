/**
 * One benchmark run: start the simulator, the bare proxy, Tollgate and (when asked) the peer gateway,
 * each in its own process; check what each answers; run the chosen scenarios with the contenders
 * taking turns; stop everything; write the report.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { request } from 'undici';
import type { BenchOptions } from './bench-options.js';
import { LoadGenerator } from './load/load-generator.js';
import { removeOnExit } from './process/child-registry.js';
import type { Progress } from './progress.js';
import { profileTollgate } from './profile/profile-tollgate.js';
import type { BenchReport } from './report/bench-report.js';
import { compareContenders } from './report/comparisons.js';
import { dependencyVersion, isLoadHigh, loadAverage, machineInfo, tollgateVersion } from './report/machine-info.js';
import { checkTargets } from './report/targets.js';
import { writeReport, type WrittenReport } from './report/write-report.js';
import { runLedgerThroughput } from './scenarios/ledger-throughput.js';
import { runMicro } from './scenarios/micro.js';
import { runOpenLoopLatency } from './scenarios/open-loop-latency.js';
import { runSaturation } from './scenarios/saturation.js';
import type { ScenarioContext } from './scenarios/scenario-context.js';
import { SMALL_ANSWER_TOKENS } from './scenarios/scenario-context.js';
import { runStreaming } from './scenarios/streaming.js';
import { runUsageQueries } from './scenarios/usage-queries.js';
import { startBareProxyProcess } from './stack/bare-proxy-process.js';
import { contenderOrder, type Contender } from './stack/contender.js';
import { REPOSITORY_ROOT } from './stack/dist-paths.js';
import { startPortkey } from './stack/portkey-process.js';
import { probeTollgateFeatures } from './stack/probe-tollgate-features.js';
import { startSimulatorProcess } from './stack/simulator-process.js';
import { startTollgateProcess } from './stack/tollgate-process.js';

/** One request through a contender, so that a contender that cannot answer is found before the load starts. */
async function checkAnswers(contender: Contender): Promise<void> {
  const target = contender.chatTarget(false);
  const response = await request(`${target.origin}${target.path}`, { method: 'POST', headers: target.headers, body: target.body });
  const text = await response.body.text();
  if (response.statusCode !== 200) throw new Error(`${contender.label} answered HTTP ${response.statusCode}: ${text.slice(0, 300)}`);
}

export async function runBench(options: BenchOptions, progress: Progress): Promise<{ report: BenchReport; written: WrittenReport }> {
  const startedAt = new Date();
  const machine = machineInfo();
  const loadAtStart = loadAverage();
  progress(`${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}; load average ${loadAtStart.map((value) => value.toFixed(2)).join(' / ')}`);
  if (isLoadHigh(loadAtStart, machine.cores)) progress(`WARNING: the machine is busy (load average ${loadAtStart[0].toFixed(2)} on ${machine.cores} cores): numbers will be noisy`);
  const version = tollgateVersion();
  const undiciVersion = dependencyVersion('undici');
  const workDirectory = await mkdtemp(path.join(os.tmpdir(), 'tollgate-bench-'));
  removeOnExit(workDirectory);
  const skipped: BenchReport['skipped'] = [];
  const warnings: string[] = [];
  const scenarios: BenchReport['scenarios'] = {};
  const running: Contender[] = [];
  let features: BenchReport['tollgateFeatures'] = [];
  let described: BenchReport['contenders'] = [];
  let profile: BenchReport['profile'];
  const load = new LoadGenerator();
  const wants = (name: BenchOptions['scenarios'][number]): boolean => options.scenarios.includes(name);
  try {
    const needsStack = options.scenarios.some((name) => name !== 'micro' && name !== 'usage-queries') || options.profileSeconds !== undefined;
    if (needsStack) {
      progress('starting the provider simulator');
      const simulator = await startSimulatorProcess();
      try {
        await simulator.shapeAnswers({ outputTokens: SMALL_ANSWER_TOKENS });
        progress('starting the bare proxy');
        running.push(await startBareProxyProcess(simulator.url, undiciVersion));
        progress('starting Tollgate');
        const tollgate = await startTollgateProcess({ simulatorUrl: simulator.url, directory: path.join(workDirectory, 'tollgate'), version });
        running.push(tollgate);
        if (options.peer === 'portkey') {
          progress('starting the peer gateway (Portkey)');
          const peer = await startPortkey(simulator.url, progress);
          if (peer.status === 'skipped') {
            skipped.push({ what: 'peer gateway (Portkey)', reason: peer.reason });
            progress(`peer skipped: ${peer.reason}`);
          } else {
            running.push(peer.contender);
          }
        }
        const contenders = contenderOrder([simulator.asDirectContender(`tollgate simulate, ${version}`), ...running]);
        for (const contender of [...contenders]) {
          try {
            await checkAnswers(contender);
          } catch (error) {
            if (contender.name !== 'peer') throw error;
            skipped.push({ what: 'peer gateway (Portkey)', reason: error instanceof Error ? error.message : String(error) });
            contenders.splice(contenders.indexOf(contender), 1);
          }
        }
        described = contenders.map((contender) => ({ name: contender.name, label: contender.label, version: contender.version, settings: contender.settings }));
        progress('probing which of Tollgate’s features are in effect');
        features = await probeTollgateFeatures(tollgate);
        for (const feature of features) progress(`  ${feature.feature}: ${feature.isOn ? 'on' : 'OFF'} — ${feature.evidence}`);
        const context: ScenarioContext = { options, simulator, contenders, tollgate, progress, load };
        if (wants('saturation')) scenarios.saturation = await runSaturation(context);
        if (wants('open-loop')) scenarios.openLoop = await runOpenLoopLatency(context);
        // The ledger steps before the streaming scenario: 1,000 held streams leave garbage behind that would weigh on them.
        if (wants('ledger')) scenarios.ledger = await runLedgerThroughput(context);
        if (wants('streaming')) scenarios.streaming = await runStreaming(context);
        for (const contender of running.splice(0)) await contender.stop();
        if (options.profileSeconds !== undefined) {
          const profiled = await profileTollgate({
            simulator,
            directory: path.join(workDirectory, 'profiled-tollgate'),
            profileDirectory: path.join(REPOSITORY_ROOT, 'bench', 'profiles'),
            seconds: options.profileSeconds,
            connections: options.connections,
            version,
            progress,
            load,
          });
          profile = profiled.summary;
          progress(`CPU profile written to ${profiled.profileFile}`);
        }
      } finally {
        for (const contender of running.splice(0)) await contender.stop();
        await simulator.stop();
      }
    }
    if (wants('micro')) scenarios.micro = await runMicro({ options, progress, load });
    // Last, with every gateway process stopped: generating millions of rows would otherwise compete with them for the CPU.
    if (wants('usage-queries')) scenarios.usageQueries = await runUsageQueries({ options, progress });
  } finally {
    await load.stop();
    await rm(workDirectory, { recursive: true, force: true });
  }
  const loadAtEnd = loadAverage();
  if (isLoadHigh(loadAtEnd, machine.cores)) warnings.push(`the load average was ${loadAtEnd[0].toFixed(2)} at the end, on ${machine.cores} cores`);
  const comparisons = compareContenders(scenarios);
  const kind = options.isSmoke ? 'smoke' : 'full';
  const report: BenchReport = {
    schemaVersion: 1,
    kind,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine,
    loadAverage: { start: loadAtStart, end: loadAtEnd, isHigh: isLoadHigh(loadAtStart, machine.cores) || isLoadHigh(loadAtEnd, machine.cores) },
    settings: {
      rounds: options.rounds,
      'measured seconds per run': options.durationSeconds,
      'warm-up seconds': options.warmupSeconds,
      'closed-loop connections': options.connections,
      'open-loop rates (req/s)': options.openLoopRates.join(', '),
      'streams timed one at a time': options.latencyStreams,
      'concurrent streams': options.concurrentStreams,
      'tokens per streamed answer': options.streamTokens,
      'ledger step rates (req/s)': options.ledgerRates.join(', '),
      'ledger step seconds': options.ledgerStepSeconds,
      'pricing micro-benchmark iterations': options.microIterations,
      'usage-query rows (Postgres), days': `${options.usageRows.toLocaleString('en-US')}, ${options.usageDays}`,
      'ledger ingest records (batch)': `${options.ingestRecords.toLocaleString('en-US')} (${options.ingestBatchSize})`,
      scenarios: options.scenarios.join(', '),
    },
    tools: { Tollgate: version, undici: undiciVersion, autocannon: dependencyVersion('autocannon'), 'hdr-histogram-js': dependencyVersion('hdr-histogram-js') },
    contenders: described,
    skipped,
    tollgateFeatures: features,
    scenarios,
    comparisons,
    targets: [],
    ...(profile ? { profile } : {}),
    warnings,
  };
  report.targets = checkTargets(report);
  return { report, written: await writeReport(report, options.outputDirectory) };
}
