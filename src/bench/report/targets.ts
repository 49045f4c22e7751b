/**
 * The targets, checked against what this run measured. They are reported, never asserted: a
 * missed target is a finding for the report, not a failed run.
 */
import { perRound } from '../scenarios/in-turns.js';
import { spreadOf, type Spread } from '../stats.js';
import type { BenchReport, Comparison, TargetCheck } from './bench-report.js';
import { findComparison } from './comparisons.js';
import { spreadText } from './render-helpers.js';

export const TARGET_RATE = 500;
export const TARGET_STREAMS = 1000;

function formatSpread(spread: Spread, digits: number, unit: string): string {
  return Number.isFinite(spread.median) ? spreadText(spread, digits, unit) : 'not measured';
}

function check(target: string, comparison: Comparison | undefined, digits: number, unit: string, isMet: (median: number) => boolean, note?: string): TargetCheck {
  if (!comparison || !Number.isFinite(comparison.value.median)) return { target, measured: 'not measured', isMet: null, ...(note ? { note } : {}) };
  return { target, measured: formatSpread(comparison.value, digits, unit), isMet: isMet(comparison.value.median), ...(note ? { note } : {}) };
}

export function checkTargets(report: Pick<BenchReport, 'scenarios' | 'comparisons' | 'kind'>): TargetCheck[] {
  const { comparisons, scenarios } = report;
  const smokeNote = report.kind === 'smoke' ? 'smoke run: seconds-long, not a measurement' : undefined;
  const rate = scenarios.openLoop?.rates.some((entry) => entry.ratePerSecond === TARGET_RATE) ? TARGET_RATE : scenarios.openLoop?.rates[0]?.ratePerSecond;
  const rateNote = rate !== undefined && rate !== TARGET_RATE ? `measured at ${rate} req/s, not ${TARGET_RATE}` : smokeNote;
  const targets: TargetCheck[] = [
    check('throughput at saturation ≥ 60% of the bare proxy (all features on)', findComparison(comparisons, 'throughput at saturation (req/s)', 'tollgate', 'bare'), 2, '×', (median) => median >= 0.6, smokeNote),
    check(`added latency at ${TARGET_RATE} req/s, open loop: p50 ≤ 0.3 ms over the bare proxy`, findComparison(comparisons, `added p50 latency at ${rate} req/s`, 'tollgate', 'bare'), 3, ' ms', (median) => median <= 0.3, rateNote),
    check(`added latency at ${TARGET_RATE} req/s, open loop: p99 ≤ 1.5 ms over the bare proxy`, findComparison(comparisons, `added p99 latency at ${rate} req/s`, 'tollgate', 'bare'), 3, ' ms', (median) => median <= 1.5, rateNote),
    check('streaming: time to first token added ≤ 1 ms at p50 (over the bare proxy)', findComparison(comparisons, 'added time to first token, p50', 'tollgate', 'bare'), 3, ' ms', (median) => median <= 1, smokeNote),
  ];
  const concurrent = scenarios.streaming?.concurrent.tollgate;
  const streams = scenarios.streaming?.concurrentStreams ?? 0;
  const peak = spreadOf(perRound(concurrent, (round) => round.peakRssMb));
  const errors = perRound(concurrent, (round) => round.errors).reduce((sum, value) => sum + (Number.isFinite(value) ? value : 0), 0);
  targets.push(
    !concurrent || !Number.isFinite(peak.median)
      ? { target: `${TARGET_STREAMS.toLocaleString('en-US')} concurrent streams under 200 MB RSS`, measured: 'not measured', isMet: null }
      : {
          target: `${TARGET_STREAMS.toLocaleString('en-US')} concurrent streams under 200 MB RSS`,
          measured: `${formatSpread(peak, 0, ' MB')} peak RSS, ${errors} failed streams`,
          isMet: streams >= TARGET_STREAMS ? peak.median < 200 && errors === 0 : null,
          ...(streams < TARGET_STREAMS ? { note: `measured with ${streams} streams` } : {}),
        },
  );
  targets.push(
    check('at least 8× the peer gateway’s throughput in the same run', findComparison(comparisons, 'throughput at saturation (req/s)', 'tollgate', 'peer'), 1, '×', (median) => median >= 8, scenarios.saturation?.byContender.peer ? smokeNote : 'the peer did not run (npm run bench -- --peer portkey)'),
  );
  return targets;
}
