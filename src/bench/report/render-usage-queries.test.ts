import { describe, expect, it } from 'vitest';
import type { IngestBenchResult } from '../../store/usage/usage.bench.js';
import { NO_POSTGRES_URL, type UsageQueriesResult } from '../scenarios/usage-queries.js';
import type { BenchReport } from './bench-report.js';
import { renderMarkdown } from './render-markdown.js';
import { renderTerminal } from './render-terminal.js';
import { reportJson } from './write-report.js';

function ingest(engine: IngestBenchResult['engine'], storeRate: number, withRollups: number, withoutRollups: number, rollupOverheadPercent: number): IngestBenchResult {
  return {
    engine,
    records: 50_000,
    batchSize: 500,
    batchSpreadMs: 60_000,
    store: { recordsPerSecond: storeRate, medianBatchMs: 4.2, p95BatchMs: 7.5 },
    withRollups: { recordsPerSecond: withRollups, medianBatchMs: 3, p95BatchMs: 5 },
    withoutRollups: { recordsPerSecond: withoutRollups, medianBatchMs: 2, p95BatchMs: 4 },
    rollupOverheadPercent,
  };
}

const MEASURED: UsageQueriesResult = {
  rows: 10_000_000,
  days: 30,
  postgres: { host: '127.0.0.1:5432', version: '16.4' },
  ingest: [ingest('sqlite', 118_000, 121_000, 160_000, 32.23), ingest('postgres', 41_000, 40_000, 52_000, 30)],
  grouped: {
    rows: 10_000_000,
    rollupRows: 1_234_567,
    tagRollupRows: 2_345_678,
    generateSeconds: 412.34,
    rollupBuildSeconds: 95.5,
    queries: [
      { name: 'usage: month by user (rollups + raw edges)', medianMs: 182.44, runs: 5, rows: 1_000 },
      { name: 'raw rows: month by user, no rollups (for comparison)', medianMs: 5_321.7, runs: 1, rows: 1_000 },
    ],
  },
  notMeasured: null,
};

function reportWith(usageQueries: UsageQueriesResult): BenchReport {
  return {
    schemaVersion: 1,
    kind: 'full',
    startedAt: '2026-11-28T08:00:00.000Z',
    finishedAt: '2026-11-28T09:00:00.000Z',
    machine: { hostname: 'bench-host', cpuModel: 'Test CPU', cores: 2, memoryGb: 8, os: 'Linux', node: 'v20.20.2' },
    loadAverage: { start: [0.1, 0.1, 0.1], end: [0.2, 0.2, 0.2], isHigh: false },
    settings: { rounds: 3 },
    tools: {},
    contenders: [],
    skipped: [],
    tollgateFeatures: [],
    scenarios: { usageQueries },
    comparisons: [],
    targets: [],
    warnings: [],
  };
}

describe('the usage-queries scenario in the report', () => {
  it('renders the generation, the rollups, every query and the ingest per engine in Markdown', () => {
    const markdown = renderMarkdown(reportWith(MEASURED));
    expect(markdown).toContain('## 6. Usage queries over 10,000,000 rows on Postgres');
    expect(markdown).toContain('over 30 days generated inside Postgres 16.4 at 127.0.0.1:5432');
    expect(markdown).toContain('| generate rows, s | 412.3 |');
    expect(markdown).toContain('| build rollups, s | 95.5 |');
    expect(markdown).toContain('| hourly rollup rows | 1,234,567 |');
    expect(markdown).toContain('| hourly rollup rows per tag | 2,345,678 |');
    expect(markdown).toContain('| query | median ms | runs | rows returned |');
    expect(markdown).toContain('| usage: month by user (rollups + raw edges) | 182.4 | 5 | 1,000 |');
    expect(markdown).toContain('| raw rows: month by user, no rollups (for comparison) | 5,321.7 | 1 | 1,000 |');
    expect(markdown).toContain('### Ledger ingest');
    expect(markdown).toContain('| SQLite | 118,000 | 4.2 / 7.5 | 121,000 | 160,000 | 32.2% |');
    expect(markdown).toContain('| Postgres | 41,000 | 4.2 / 7.5 | 40,000 | 52,000 | 30.0% |');
    expect(markdown).toContain('npm run bench -- --postgres URL --usage-rows 10000000');
    expect(markdown.indexOf('## 6. Usage queries')).toBeLessThan(markdown.indexOf('## Machine and software'));
  });

  it('keeps the SQLite ingest and says why the Postgres part was not measured', () => {
    const unmeasured: UsageQueriesResult = { rows: 10_000_000, days: 30, postgres: null, ingest: [ingest('sqlite', 118_000, 121_000, 160_000, 32.23)], grouped: null, notMeasured: NO_POSTGRES_URL };
    const markdown = renderMarkdown(reportWith(unmeasured));
    expect(markdown).toContain('Not measured (no Postgres URL: --postgres or TOLLGATE_BENCH_POSTGRES_URL).');
    expect(markdown).toContain('| SQLite | 118,000 |');
    expect(markdown).not.toContain('| Postgres |');
    expect(markdown).not.toContain('--postgres URL --usage-rows');
    expect(renderTerminal(reportWith(unmeasured))).toContain('usage queries on Postgres: not measured (no Postgres URL: --postgres or TOLLGATE_BENCH_POSTGRES_URL)');
  });

  it('prints a short line per part in the terminal, and keeps the numbers in the JSON', () => {
    const terminal = renderTerminal(reportWith(MEASURED));
    expect(terminal).toContain('usage queries over 10,000,000 rows on Postgres: 2 queries, median 182.4–5,321.7 ms (slowest: raw rows: month by user, no rollups (for comparison))');
    expect(terminal).toContain('ledger ingest on SQLite: 118,000 records/s through the store, rollups 32.2% overhead');
    expect(terminal).toContain('ledger ingest on Postgres: 41,000 records/s through the store, rollups 30.0% overhead');
    const parsed: unknown = JSON.parse(reportJson(reportWith(MEASURED)));
    expect(parsed).toMatchObject({ scenarios: { usageQueries: { rows: 10_000_000, grouped: { rollupRows: 1_234_567, queries: [{ medianMs: 182.44 }, { runs: 1 }] }, ingest: [{ engine: 'sqlite' }, { engine: 'postgres' }] } } });
  });
});
