import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OpenLoopRound } from '../scenarios/open-loop-latency.js';
import type { SaturationRound } from '../scenarios/saturation.js';
import type { BenchReport } from './bench-report.js';
import { compareContenders, findComparison } from './comparisons.js';
import { renderMarkdown } from './render-markdown.js';
import { renderTerminal } from './render-terminal.js';
import { checkTargets } from './targets.js';
import { reportJson, writeReport } from './write-report.js';

function saturation(requestsPerSecond: number, cpuUsPerRequest: number): SaturationRound {
  return { requestsPerSecond, p50Ms: 5, p99Ms: 12, errors: 0, cpuUsPerRequest, rssMb: 90, runtime: null };
}

function openLoop(p50Ms: number, p99Ms: number): OpenLoopRound {
  return { achievedRate: 500, p50Ms, p90Ms: p50Ms + 0.2, p99Ms, p999Ms: p99Ms + 1, maxMs: p99Ms + 5, serviceP50Ms: p50Ms, serviceP99Ms: p99Ms, errors: 0, sendLagP99Ms: 0.9, firstError: null, runtime: null };
}

function sampleReport(): BenchReport {
  const report: BenchReport = {
    schemaVersion: 1,
    kind: 'full',
    startedAt: '2026-11-27T20:00:00.000Z',
    finishedAt: '2026-11-27T20:15:00.000Z',
    machine: { hostname: 'bench-host', cpuModel: 'Test CPU', cores: 8, memoryGb: 32, os: 'Linux', node: 'v20.20.2' },
    loadAverage: { start: [0.5, 0.4, 0.3], end: [1, 0.8, 0.5], isHigh: false },
    settings: { rounds: 3 },
    tools: { autocannon: '8.0.0' },
    contenders: [{ name: 'tollgate', label: 'Tollgate', version: '0.1.0', settings: { process: 'node dist/cli.js serve' } }],
    skipped: [{ what: 'peer gateway (Portkey)', reason: 'npm install failed (no network)' }],
    tollgateFeatures: [{ feature: 'pricing', isOn: true, evidence: 'x-tollgate-cost-usd on every answer' }],
    scenarios: {
      saturation: {
        connections: 64,
        durationSeconds: 10,
        answerTokens: 16,
        byContender: {
          // Round 2 ran on a slower moment for both: the paired ratio stays 0.7 every round.
          bare: { rounds: [saturation(10_000, 100), saturation(5_000, 100), saturation(10_000, 100)], failures: [] },
          tollgate: { rounds: [saturation(7_000, 150), saturation(3_500, 150), saturation(7_000, 150)], failures: [] },
        },
      },
      openLoop: {
        durationSeconds: 10,
        warmupSeconds: 2,
        answerTokens: 16,
        rates: [
          {
            ratePerSecond: 500,
            byContender: {
              direct: { rounds: [openLoop(0.5, 1), openLoop(0.5, 1), openLoop(0.5, 1)], failures: [] },
              bare: { rounds: [openLoop(0.8, 2), openLoop(0.9, 2), openLoop(0.8, 2)], failures: [] },
              tollgate: { rounds: [openLoop(1.0, 3), null, openLoop(1.2, 4)], failures: ['round 2: the open-loop job failed: boom'] },
            },
          },
        ],
      },
    },
    comparisons: [],
    targets: [],
    warnings: [],
  };
  report.comparisons = compareContenders(report.scenarios);
  report.targets = checkTargets(report);
  return report;
}

describe('comparisons', () => {
  it('divides round by round, so a slow round on the shared machine does not move the ratio', () => {
    const throughput = findComparison(sampleReport().comparisons, 'throughput at saturation (req/s)', 'tollgate', 'bare');
    expect(throughput?.value.values).toEqual([0.7, 0.7, 0.7]);
    expect(throughput?.kind).toBe('ratio');
  });

  it('subtracts latencies round by round and leaves a failed round out of the median', () => {
    const added = findComparison(sampleReport().comparisons, 'added p50 latency at 500 req/s', 'tollgate', 'bare');
    expect(added?.value.values[0]).toBeCloseTo(0.2, 10);
    expect(added?.value.values[1]).toBeNaN();
    expect(added?.value.median).toBeCloseTo(0.3, 10);
  });

  it('makes no comparison with a contender that did not run', () => {
    expect(findComparison(sampleReport().comparisons, 'throughput at saturation (req/s)', 'tollgate', 'peer')).toBeUndefined();
  });
});

describe('targets', () => {
  it('reports met, missed and not measured, never failing the run', () => {
    const targets = sampleReport().targets;
    const byName = (start: string) => targets.find((target) => target.target.startsWith(start));
    expect(byName('throughput at saturation')).toMatchObject({ isMet: true, measured: '0.70× (0.70–0.70)' });
    expect(byName('added latency at 500 req/s, open loop: p50')?.isMet).toBe(true);
    expect(byName('added latency at 500 req/s, open loop: p99')?.isMet).toBe(true);
    expect(byName('streaming')?.isMet).toBeNull();
    expect(byName('1,000 concurrent')?.isMet).toBeNull();
    expect(byName('at least 8×')).toMatchObject({ isMet: null, note: expect.stringContaining('--peer portkey') });
  });
});

describe('rendering and writing', () => {
  it('leads the Markdown with the ratios and targets, and names the machine, the failures and what was skipped', () => {
    const markdown = renderMarkdown(sampleReport());
    expect(markdown.indexOf('## Headline ratios')).toBeLessThan(markdown.indexOf('## Targets'));
    expect(markdown).toContain('| throughput at saturation (req/s) | 0.70× (0.70–0.70) | – | – |');
    expect(markdown).toContain('Test CPU, 8 cores');
    expect(markdown).toContain('round 2: the open-loop job failed: boom');
    expect(markdown).toContain('skipped peer gateway (Portkey): npm install failed (no network)');
    expect(renderTerminal(sampleReport())).toContain('throughput at saturation (req/s)');
  });

  it('writes JSON without NaN, Markdown, and latest.md, never overwriting an earlier run of the same day', async () => {
    const directory = await mkdtemp(path.join(os.tmpdir(), 'tollgate-bench-report-'));
    try {
      const first = await writeReport(sampleReport(), directory);
      const second = await writeReport(sampleReport(), directory);
      expect(path.basename(first.markdown)).toBe('2026-11-27-bench-host.md');
      expect(path.basename(second.markdown)).toBe('2026-11-27-bench-host-2.md');
      expect((await readdir(directory)).sort()).toEqual(['2026-11-27-bench-host-2.json', '2026-11-27-bench-host-2.md', '2026-11-27-bench-host.json', '2026-11-27-bench-host.md', 'latest.json', 'latest.md']);
      const parsed: unknown = JSON.parse(await readFile(second.json, 'utf8'));
      expect(parsed).toMatchObject({ schemaVersion: 1, machine: { hostname: 'bench-host' } });
      expect(await readFile(first.latest, 'utf8')).toContain('copy of [2026-11-27-bench-host-2.md]');
      expect(reportJson(sampleReport())).not.toContain('NaN');
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
