/** The per-scenario sections of the Markdown report: one table per scenario, contenders in turn order. */
import type { ByContender, ContenderRounds } from '../scenarios/in-turns.js';
import type { RuntimeDuring } from '../stack/runtime-metrics.js';
import { CONTENDER_ORDER, type ContenderName } from '../stack/contender.js';
import type { BenchReport } from './bench-report.js';
import { CONTENDER_LABELS, fixed, markdownTable, roundsSpread, spreadText, sumRounds } from './render-helpers.js';
import { renderUsageQueriesSection } from './render-usage-queries.js';

function present<Round>(byContender: ByContender<Round>): ContenderName[] {
  return CONTENDER_ORDER.filter((name) => byContender[name] !== undefined);
}

function failures<Round>(byContender: ByContender<Round>): string[] {
  return present(byContender).flatMap((name) => (byContender[name]?.failures ?? []).map((failure) => `- ${CONTENDER_LABELS[name]}: ${failure.split('\n')[0] ?? ''}`));
}

/** Tollgate's own event loop and GC over the rounds, from its /metrics (empty when metrics were off). */
function runtimeLine<Round extends { runtime: RuntimeDuring | null }>(entry: ContenderRounds<Round> | undefined): string[] {
  if (!entry || !entry.rounds.some((round) => round?.runtime)) return [];
  const pick = (value: (runtime: RuntimeDuring) => number) => roundsSpread(entry, (round) => (round.runtime ? value(round.runtime) : Number.NaN));
  return [
    `Tollgate’s own event loop during these runs (from its /metrics): delay max ${spreadText(pick((runtime) => runtime.eventLoopLagMaxMs), 0)} ms, p99 ${spreadText(pick((runtime) => runtime.eventLoopLagP99Ms), 0)} ms; ` +
      `garbage collection ${spreadText(pick((runtime) => runtime.gcMs), 0)} ms in ${spreadText(pick((runtime) => runtime.gcPauses), 0)} pauses, ${spreadText(pick((runtime) => runtime.gcPausesOver100Ms), 0)} of them over 100 ms.`,
    '',
  ];
}

export function renderScenarioSections(report: BenchReport): string[] {
  const lines: string[] = [];
  const { saturation, openLoop, streaming, ledger, micro, usageQueries } = report.scenarios;
  if (saturation) {
    const by = saturation.byContender;
    lines.push('## 1. Non-streaming chat at saturation', '');
    lines.push(`Closed loop, autocannon, ${saturation.connections} connections, ${saturation.durationSeconds} s per round after a warm-up; ${saturation.answerTokens}-token answers. CPU is the contender’s own process (user + system) per answered request.`, '');
    lines.push(
      markdownTable(
        ['contender', 'req/s', 'p50 ms', 'p99 ms', 'CPU µs/request', 'RSS after, MB', 'errors'],
        present(by).map((name) => [
          CONTENDER_LABELS[name],
          spreadText(roundsSpread(by[name], (round) => round.requestsPerSecond), 0),
          spreadText(roundsSpread(by[name], (round) => round.p50Ms), 1),
          spreadText(roundsSpread(by[name], (round) => round.p99Ms), 1),
          spreadText(roundsSpread(by[name], (round) => round.cpuUsPerRequest), 0),
          spreadText(roundsSpread(by[name], (round) => round.rssMb), 0),
          String(sumRounds(by[name], (round) => round.errors)),
        ]),
      ),
      '',
      ...runtimeLine(by.tollgate),
      ...failures(by),
      '',
    );
  }
  if (openLoop) {
    lines.push('## 2. Fixed arrival rate, open loop', '');
    lines.push(
      `Requests leave on schedule whatever the answers do; latency counts from the scheduled send time (no coordinated omission). ${openLoop.durationSeconds} s per round after ${openLoop.warmupSeconds} s of warm-up at the same rate; ${openLoop.answerTokens}-token answers. “service” is from the actual send. The generator’s own send lag (p99) is shown: when it is large, the generator, not the contender, fell behind.`,
      '',
    );
    for (const rate of openLoop.rates) {
      const by = rate.byContender;
      lines.push(`### ${rate.ratePerSecond.toLocaleString('en-US')} requests/s`, '');
      lines.push(
        markdownTable(
          ['contender', 'p50 ms', 'p90 ms', 'p99 ms', 'p99.9 ms', 'max ms', 'service p50 ms', 'answered/s', 'errors', 'send lag p99 ms'],
          present(by).map((name) => [
            CONTENDER_LABELS[name],
            spreadText(roundsSpread(by[name], (round) => round.p50Ms), 3),
            spreadText(roundsSpread(by[name], (round) => round.p90Ms), 3),
            spreadText(roundsSpread(by[name], (round) => round.p99Ms), 3),
            spreadText(roundsSpread(by[name], (round) => round.p999Ms), 2),
            spreadText(roundsSpread(by[name], (round) => round.maxMs), 1),
            spreadText(roundsSpread(by[name], (round) => round.serviceP50Ms), 3),
            spreadText(roundsSpread(by[name], (round) => round.achievedRate), 0),
            String(sumRounds(by[name], (round) => round.errors)),
            spreadText(roundsSpread(by[name], (round) => round.sendLagP99Ms), 2),
          ]),
        ),
        '',
        ...runtimeLine(by.tollgate),
        ...failures(by),
        '',
      );
    }
  }
  if (streaming) {
    lines.push('## 3. Streaming', '');
    lines.push(`${streaming.answerTokens}-token answers streamed one at a time, ${streaming.latencyStreams} streams per contender per round (after a warm-up); time to first token is the first SSE event carrying text.`, '');
    const by = streaming.latency;
    lines.push(
      markdownTable(
        ['contender', 'TTFT p50 ms', 'TTFT p99 ms', 'total p50 ms', 'total p99 ms', 'errors'],
        present(by).map((name) => [
          CONTENDER_LABELS[name],
          spreadText(roundsSpread(by[name], (round) => round.ttftP50Ms), 3),
          spreadText(roundsSpread(by[name], (round) => round.ttftP99Ms), 3),
          spreadText(roundsSpread(by[name], (round) => round.totalP50Ms), 3),
          spreadText(roundsSpread(by[name], (round) => round.totalP99Ms), 3),
          String(sumRounds(by[name], (round) => round.errors)),
        ]),
      ),
      '',
      ...failures(by),
      '',
    );
    const concurrent = streaming.concurrent;
    lines.push(
      `### ${streaming.concurrentStreams.toLocaleString('en-US')} concurrent streams`,
      '',
      `All started at once, each on its own client connection; the simulator paces tokens at ${streaming.tokensPerSecond}/s so that every stream stays open for about ${fixed(streaming.answerTokens / streaming.tokensPerSecond, 1)} s. ` +
        'Resident memory of the contender’s process is sampled every 50 ms (and its VmHWM peak read after a reset). ' +
        'A gateway holds only as many streams open upstream as its connection pool allows (256 for Tollgate’s upstream client, and the bare proxy is given the same); the other requests wait inside it for a connection, which “most open at once” (streams whose answer had started) and the time to first token show.',
      '',
    );
    lines.push(
      markdownTable(
        ['contender', 'peak RSS MB', 'RSS before MB', 'completed', 'errors', 'most open at once', 'wall s', 'TTFT p50 ms', 'TTFT p99 ms'],
        present(concurrent).map((name) => [
          CONTENDER_LABELS[name],
          spreadText(roundsSpread(concurrent[name], (round) => round.peakRssMb), 0),
          spreadText(roundsSpread(concurrent[name], (round) => round.baselineRssMb), 0),
          String(sumRounds(concurrent[name], (round) => round.completed)),
          String(sumRounds(concurrent[name], (round) => round.errors)),
          spreadText(roundsSpread(concurrent[name], (round) => round.peakOpen), 0),
          spreadText(roundsSpread(concurrent[name], (round) => round.wallSeconds), 1),
          spreadText(roundsSpread(concurrent[name], (round) => round.ttftP50Ms), 1),
          spreadText(roundsSpread(concurrent[name], (round) => round.ttftP99Ms), 1),
        ]),
      ),
      '',
      ...failures(concurrent),
      ...present(concurrent).flatMap((name) =>
        (concurrent[name]?.rounds ?? []).flatMap((round, index) => (round?.firstError ? [`- ${CONTENDER_LABELS[name]}, round ${index + 1}, first failed stream: ${round.firstError}`] : [])),
      ),
      '',
    );
  }
  if (ledger) {
    lines.push('## 4. Ledger', '');
    lines.push(
      `Tollgate alone at rising open-loop rates, ${ledger.stepSeconds} s per step; each answered request is one ledger record (SQLite, batched). Sustained: **${ledger.sustainedRecordsPerSecond.toLocaleString('en-US')} records/s${ledger.isLowerBound ? ' or more (the highest step tried)' : ''}**. Rule: ${ledger.rule}.`,
      '',
    );
    lines.push(
      markdownTable(
        ['rate/s', 'answered/s', 'p50 ms', 'p99 ms', 'errors', 'records written', 'caught up in ms', 'event-loop delay max ms', 'GC ms', 'sustained'],
        ledger.steps.map((step) => [
          step.ratePerSecond.toLocaleString('en-US'),
          fixed(step.achievedRate, 0),
          fixed(step.p50Ms, 3),
          fixed(step.p99Ms, 3),
          String(step.errors),
          `${step.recordsWritten} of ${step.recordsExpected}`,
          fixed(step.catchUpMs, 0),
          step.runtime ? fixed(step.runtime.eventLoopLagMaxMs, 0) : '–',
          step.runtime ? fixed(step.runtime.gcMs, 0) : '–',
          step.isSustained ? 'yes' : `no: ${step.reasons.join('; ')}`,
        ]),
      ),
      '',
    );
  }
  if (micro) {
    lines.push('## 5. Micro-benchmarks of the hot functions', '');
    lines.push(markdownTable(['function', 'ns/op', 'iterations', 'benchmark'], micro.functions.map((bench) => [bench.name, fixed(bench.nsPerOp, 0), bench.iterations.toLocaleString('en-US'), `\`${bench.source}\``])));
    const flush = micro.ledgerFlush;
    lines.push(
      '',
      `Ledger flush (\`src/store/store.bench.ts\`): ${flush.recordsPerFlush} records per flush, ${flush.flushes} flushes. On the SQLite worker a flush takes ${fixed(flush.workerFlushMs.median, 1)} ms (max ${fixed(flush.workerFlushMs.max, 1)}), ` +
        `${fixed((flush.recordsPerFlush / flush.workerFlushMs.median) * 1000, 0)} records/s of insert capacity, while holding the gateway’s event loop for ${fixed(flush.workerMainThreadBusyMs.median, 2)} ms in ${flush.slicesPerFlush} slices; ` +
        `the same insert on the main thread would block it for ${fixed(flush.inThreadBlockMs.median, 1)} ms.`,
      '',
    );
    for (const gap of micro.gaps) lines.push(`- ${gap}`);
    lines.push('');
  }
  if (usageQueries) lines.push(...renderUsageQueriesSection(usageQueries));
  return lines;
}
