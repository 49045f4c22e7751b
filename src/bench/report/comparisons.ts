/**
 * The ratios the report leads with, computed round by round (each round's contenders ran back to back,
 * so a slow moment on the shared machine falls on both sides of a ratio): Tollgate ÷ bare, peer ÷ bare,
 * Tollgate ÷ peer for throughput and CPU per request, and the milliseconds added over the bare proxy and
 * over going direct for latency and time to first token.
 */
import type { ContenderName } from '../stack/contender.js';
import { perRound, type ByContender } from '../scenarios/in-turns.js';
import type { BenchReport, Comparison } from './bench-report.js';
import { pairedDifference, pairedRatio } from '../stats.js';

type Pair = [ContenderName, ContenderName];

const RATIO_PAIRS: Pair[] = [
  ['tollgate', 'bare'],
  ['peer', 'bare'],
  ['tollgate', 'peer'],
  ['bare', 'direct'],
];

const ADDED_PAIRS: Pair[] = [
  ['tollgate', 'bare'],
  ['tollgate', 'direct'],
  ['peer', 'bare'],
  ['peer', 'direct'],
  ['bare', 'direct'],
  ['tollgate', 'peer'],
];

/** Each pair's comparison round by round: a ratio (×) or a difference (ms). */
function compare<Round>(kind: 'ratio' | 'difference', metric: string, byContender: ByContender<Round>, pick: (round: Round) => number, pairs: Pair[]): Comparison[] {
  const pairRounds = kind === 'ratio' ? pairedRatio : pairedDifference;
  return pairs
    .filter(([numerator, denominator]) => byContender[numerator] && byContender[denominator])
    .map(([numerator, denominator]) => ({
      metric,
      numerator,
      denominator,
      kind,
      unit: kind === 'ratio' ? '×' : 'ms',
      value: pairRounds(perRound(byContender[numerator], pick), perRound(byContender[denominator], pick)),
    }));
}

function ratios<Round>(metric: string, byContender: ByContender<Round>, pick: (round: Round) => number, pairs: Pair[]): Comparison[] {
  return compare('ratio', metric, byContender, pick, pairs);
}

function differences<Round>(metric: string, byContender: ByContender<Round>, pick: (round: Round) => number, pairs: Pair[]): Comparison[] {
  return compare('difference', metric, byContender, pick, pairs);
}

export function compareContenders(scenarios: BenchReport['scenarios']): Comparison[] {
  const comparisons: Comparison[] = [];
  const { saturation, openLoop, streaming } = scenarios;
  if (saturation) {
    comparisons.push(...ratios('throughput at saturation (req/s)', saturation.byContender, (round) => round.requestsPerSecond, RATIO_PAIRS));
    comparisons.push(...ratios('CPU per request (own process)', saturation.byContender, (round) => round.cpuUsPerRequest, RATIO_PAIRS));
  }
  for (const rate of openLoop?.rates ?? []) {
    comparisons.push(...differences(`added p50 latency at ${rate.ratePerSecond} req/s`, rate.byContender, (round) => round.p50Ms, ADDED_PAIRS));
    comparisons.push(...differences(`added p99 latency at ${rate.ratePerSecond} req/s`, rate.byContender, (round) => round.p99Ms, ADDED_PAIRS));
    comparisons.push(...differences(`added p99.9 latency at ${rate.ratePerSecond} req/s`, rate.byContender, (round) => round.p999Ms, ADDED_PAIRS));
  }
  if (streaming) {
    comparisons.push(...differences('added time to first token, p50', streaming.latency, (round) => round.ttftP50Ms, ADDED_PAIRS));
    comparisons.push(...differences('added total stream time, p50', streaming.latency, (round) => round.totalP50Ms, ADDED_PAIRS));
    comparisons.push(...ratios('peak RSS with concurrent streams', streaming.concurrent, (round) => round.peakRssMb, [['tollgate', 'bare'], ['peer', 'bare'], ['tollgate', 'peer']]));
  }
  return comparisons;
}

export function findComparison(comparisons: readonly Comparison[], metric: string, numerator: ContenderName, denominator: ContenderName): Comparison | undefined {
  return comparisons.find((comparison) => comparison.metric === metric && comparison.numerator === numerator && comparison.denominator === denominator);
}
