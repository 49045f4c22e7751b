/** The report of one benchmark run, as written to JSON (and rendered to Markdown and the terminal). */
import type { MicroResult } from '../load/load-job.js';
import type { CpuProfileSummary } from '../profile/summarize-cpu-profile.js';
import type { ContenderName } from '../stack/contender.js';
import type { FeatureState } from '../stack/probe-tollgate-features.js';
import type { LedgerResult } from '../scenarios/ledger-throughput.js';
import type { OpenLoopLatencyResult } from '../scenarios/open-loop-latency.js';
import type { SaturationResult } from '../scenarios/saturation.js';
import type { StreamingResult } from '../scenarios/streaming.js';
import type { UsageQueriesResult } from '../scenarios/usage-queries.js';
import type { Spread } from '../stats.js';
import type { MachineInfo } from './machine-info.js';

export interface ContenderDescription {
  name: ContenderName;
  label: string;
  version: string;
  settings: Record<string, string>;
}

/** One comparison between two contenders, round by round: a ratio (×) or a difference (ms). */
export interface Comparison {
  metric: string;
  numerator: ContenderName;
  denominator: ContenderName;
  kind: 'ratio' | 'difference';
  unit: string;
  value: Spread;
}

export interface TargetCheck {
  target: string;
  /** What was measured, for people ("0.71× (0.69–0.74)"). */
  measured: string;
  /** Null when the run did not measure it (scenario not run, peer skipped, smoke-sized run). */
  isMet: boolean | null;
  note?: string;
}

export interface BenchReport {
  schemaVersion: 1;
  kind: 'full' | 'smoke';
  startedAt: string;
  finishedAt: string;
  machine: MachineInfo;
  loadAverage: { start: [number, number, number]; end: [number, number, number]; isHigh: boolean };
  settings: Record<string, string | number | boolean>;
  tools: Record<string, string>;
  contenders: ContenderDescription[];
  skipped: Array<{ what: string; reason: string }>;
  tollgateFeatures: FeatureState[];
  scenarios: {
    saturation?: SaturationResult;
    openLoop?: OpenLoopLatencyResult;
    streaming?: StreamingResult;
    ledger?: LedgerResult;
    micro?: MicroResult;
    usageQueries?: UsageQueriesResult;
  };
  comparisons: Comparison[];
  targets: TargetCheck[];
  profile?: CpuProfileSummary;
  warnings: string[];
}
