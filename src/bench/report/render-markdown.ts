/** The Markdown report: headline ratios and targets first, then each scenario's numbers, then how it was run. */
import { CONTENDER_ORDER, type ContenderName } from '../stack/contender.js';
import type { CpuProfileSummary } from '../profile/summarize-cpu-profile.js';
import type { BenchReport } from './bench-report.js';
import { findComparison } from './comparisons.js';
import { comparisonText, fixed, markdownTable, verdict } from './render-helpers.js';
import { renderScenarioSections } from './render-scenarios.js';

function headline(report: BenchReport): string {
  const pairs: Array<[ContenderName, ContenderName]> = [
    ['tollgate', 'bare'],
    ['peer', 'bare'],
    ['tollgate', 'peer'],
  ];
  const metrics: Array<{ metric: string; digits: number }> = [
    { metric: 'throughput at saturation (req/s)', digits: 2 },
    { metric: 'CPU per request (own process)', digits: 2 },
    ...(report.scenarios.openLoop?.rates ?? []).flatMap((rate) => [
      { metric: `added p50 latency at ${rate.ratePerSecond} req/s`, digits: 3 },
      { metric: `added p99 latency at ${rate.ratePerSecond} req/s`, digits: 3 },
    ]),
    { metric: 'added time to first token, p50', digits: 3 },
    { metric: 'peak RSS with concurrent streams', digits: 2 },
  ];
  const rows = metrics
    .map(({ metric, digits }) => [metric, ...pairs.map(([numerator, denominator]) => comparisonText(findComparison(report.comparisons, metric, numerator, denominator), digits))])
    .filter((row) => row.slice(1).some((cell) => cell !== '–'));
  return markdownTable(['', 'Tollgate ÷ bare', 'peer ÷ bare', 'Tollgate ÷ peer'], rows);
}

function overDirect(report: BenchReport): string {
  const metrics = [...(report.scenarios.openLoop?.rates ?? []).flatMap((rate) => [`added p50 latency at ${rate.ratePerSecond} req/s`, `added p99 latency at ${rate.ratePerSecond} req/s`, `added p99.9 latency at ${rate.ratePerSecond} req/s`]), 'added time to first token, p50', 'added total stream time, p50'];
  const contenders: ContenderName[] = ['bare', 'tollgate', 'peer'];
  const rows = metrics.map((metric) => [metric, ...contenders.map((name) => comparisonText(findComparison(report.comparisons, metric, name, 'direct'), 3))]);
  return markdownTable(['milliseconds added over going direct', 'bare proxy', 'Tollgate', 'peer'], rows.filter((row) => row.slice(1).some((cell) => cell !== '–')));
}

export function renderMarkdown(report: BenchReport): string {
  const lines: string[] = [];
  const date = report.startedAt.slice(0, 10);
  lines.push(`# Tollgate benchmark — ${date} on ${report.machine.hostname}${report.kind === 'smoke' ? ' (smoke run)' : ''}`);
  lines.push('');
  lines.push(
    `Measured side by side on one machine in one run (${report.settings.rounds} round${report.settings.rounds === 1 ? '' : 's'}, contenders taking turns A B A B …). ` +
      'Each figure is the median of the rounds, with the lowest and highest round in brackets; ratios and differences are taken round by round. ' +
      'Every contender answers the same chat request from the same provider simulator (zero added latency).',
  );
  if (report.loadAverage.isHigh) {
    lines.push('');
    lines.push(
      `> **Warning: the machine was busy.** Load average ${report.loadAverage.start.map((value) => value.toFixed(2)).join(' / ')} at the start and ${report.loadAverage.end.map((value) => value.toFixed(2)).join(' / ')} at the end, on ${report.machine.cores} cores: other work competed for the CPU, so absolute numbers are low and noisy. Ratios measured round by round hold up better than absolute figures.`,
    );
  }
  lines.push('', '## Headline ratios', '', headline(report), '', overDirect(report), '');
  lines.push('## Targets (reported, not asserted)', '');
  lines.push(markdownTable(['target', 'measured (median, range)', 'verdict', 'note'], report.targets.map((target) => [target.target, target.measured, verdict(target.isMet), target.note ?? ''])));
  lines.push('');
  lines.push('## Tollgate’s features in effect', '');
  lines.push('Found by probing the running gateway, not read from its config (`src/bench/tollgate-bench-config.ts` asks for all of them).', '');
  lines.push(markdownTable(['feature', 'on', 'evidence'], report.tollgateFeatures.map((feature) => [feature.feature, feature.isOn ? 'yes' : '**no**', feature.evidence])));
  lines.push('');
  lines.push(...renderScenarioSections(report));
  if (report.profile) lines.push(...renderProfile(report));
  lines.push('## Machine and software', '');
  lines.push(
    markdownTable(
      ['', ''],
      [
        ['CPU', `${report.machine.cpuModel}, ${report.machine.cores} cores`],
        ['memory', `${report.machine.memoryGb} GB`],
        ['OS', report.machine.os],
        ['Node', report.machine.node],
        ['load average (1/5/15 min)', `start ${report.loadAverage.start.map((value) => value.toFixed(2)).join(' / ')}, end ${report.loadAverage.end.map((value) => value.toFixed(2)).join(' / ')}`],
        ['started / finished', `${report.startedAt} / ${report.finishedAt}`],
        ...Object.entries(report.tools).map(([name, version]) => [name, version]),
      ],
    ),
  );
  lines.push('', '### Contenders', '');
  lines.push(
    markdownTable(
      ['contender', 'version', 'settings'],
      CONTENDER_ORDER.flatMap((name) => report.contenders.filter((contender) => contender.name === name)).map((contender) => [
        `${contender.label} (\`${contender.name}\`)`,
        contender.version,
        Object.entries(contender.settings)
          .map(([key, value]) => `${key}: ${value}`)
          .join('; '),
      ]),
    ),
  );
  lines.push('', '### Settings', '');
  lines.push(markdownTable(['setting', 'value'], Object.entries(report.settings).map(([key, value]) => [key, String(value)])));
  if (report.skipped.length > 0 || report.warnings.length > 0) {
    lines.push('', '## Skipped and warnings', '');
    for (const skipped of report.skipped) lines.push(`- skipped ${skipped.what}: ${skipped.reason}`);
    for (const warning of report.warnings) lines.push(`- ${warning}`);
  }
  lines.push('', '## Reproduce', '');
  const usage = report.scenarios.usageQueries;
  const flags = [...(report.scenarios.saturation?.byContender.peer ? ['--peer portkey'] : []), ...(usage?.grouped ? ['--postgres URL', `--usage-rows ${usage.rows}`] : [])];
  lines.push('```sh', `npm run bench${flags.length > 0 ? ` -- ${flags.join(' ')}` : ''}   # writes bench/results/<date>-<host>.md and .json, and latest.md`, '```', '');
  return `${lines.join('\n')}\n`;
}

function renderProfile(report: BenchReport): string[] {
  const profile = report.profile;
  if (!profile) return [];
  const table = (lines: CpuProfileSummary['byComponent'], heading: string): string =>
    markdownTable([heading, 'CPU ms', 'share', 'µs per request'], lines.map((line) => [line.name, fixed(line.ms, 0), `${fixed(line.percent, 1)}%`, line.usPerRequest === null ? '–' : fixed(line.usPerRequest, 1)]));
  const lines = ['## Where Tollgate’s CPU goes (V8 CPU profile at saturation)', ''];
  lines.push(
    `A separate Tollgate process ran under \`node --cpu-prof\` at saturation (the profiler slows it down; shares matter, not absolute times). ` +
      `Counted from the first request on (${fixed(profile.skippedMs, 0)} ms of start-up left out): ${fixed(profile.busyMs, 0)} ms of main-thread CPU` +
      (profile.requests ? ` for ${profile.requests.toLocaleString('en-US')} requests, **${fixed((profile.busyMs * 1000) / profile.requests, 0)} µs per request**.` : '.'),
    '',
  );
  lines.push('### By component', '', 'Native code and V8 builtins (JSON.parse, socket writes, …) are charged to the JavaScript function that called them.', '');
  lines.push(table(profile.byComponent, 'component'), '');
  lines.push('### Tollgate’s functions, total time (everything they call)', '', table(profile.topTotal, 'function (compiled file:line)'), '');
  lines.push('### Hottest functions, self time', '', table(profile.topSelf, 'function (file:line)'), '');
  return lines;
}
