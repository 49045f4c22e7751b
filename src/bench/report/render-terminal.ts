/** The table printed at the end of a run: the headline comparisons, the targets, and the features in effect. */
import { formatTable } from '../../cli/format-table.js';
import type { BenchReport } from './bench-report.js';
import { findComparison } from './comparisons.js';
import { comparisonText, verdict } from './render-helpers.js';
import { usageQueriesTerminalLines } from './render-usage-queries.js';

export function renderTerminal(report: BenchReport): string {
  const metrics = [...new Set(report.comparisons.map((comparison) => comparison.metric))];
  const cell = (metric: string, numerator: 'tollgate' | 'peer', denominator: 'bare' | 'peer' | 'direct'): string => {
    const comparison = findComparison(report.comparisons, metric, numerator, denominator);
    return comparisonText(comparison, comparison?.kind === 'ratio' ? 2 : 3);
  };
  const comparisonRows = metrics.map((metric) => [metric, cell(metric, 'tollgate', 'bare'), cell(metric, 'peer', 'bare'), cell(metric, 'tollgate', 'peer'), cell(metric, 'tollgate', 'direct')]);
  const sections = [
    formatTable(['comparison (median, range over rounds)', 'Tollgate vs bare', 'peer vs bare', 'Tollgate vs peer', 'Tollgate vs direct'], comparisonRows),
    formatTable(['target (reported, not asserted)', 'measured', 'verdict'], report.targets.map((target) => [target.target, target.measured, verdict(target.isMet) + (target.note ? ` (${target.note})` : '')])),
    formatTable(['Tollgate feature', 'on', 'evidence'], report.tollgateFeatures.map((feature) => [feature.feature, feature.isOn ? 'yes' : 'no', feature.evidence])),
  ];
  if (report.scenarios.ledger) sections.push(`ledger sustained: ${report.scenarios.ledger.sustainedRecordsPerSecond} records/s${report.scenarios.ledger.isLowerBound ? ' or more' : ''}`);
  for (const bench of report.scenarios.micro?.functions ?? []) sections.push(`micro ${bench.name}: ${Math.round(bench.nsPerOp).toLocaleString('en-US')} ns/op`);
  if (report.scenarios.usageQueries) sections.push(usageQueriesTerminalLines(report.scenarios.usageQueries).join('\n'));
  if (report.loadAverage.isHigh) sections.push(`WARNING: load average ${report.loadAverage.start[0].toFixed(2)} → ${report.loadAverage.end[0].toFixed(2)} on ${report.machine.cores} cores: the machine was busy, numbers are noisy`);
  for (const skipped of report.skipped) sections.push(`skipped ${skipped.what}: ${skipped.reason}`);
  return `${sections.join('\n\n')}\n`;
}
