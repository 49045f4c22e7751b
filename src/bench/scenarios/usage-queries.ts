/**
 * Scenario 6: the usage layer on its own, no gateway running (issue 7). Ledger ingest through the store
 * and what maintaining the hourly rollups in the same transaction costs, on SQLite and, with a Postgres
 * URL, on Postgres; then the grouped /v1/usage queries over millions of rows generated in Postgres. The
 * measurements are src/store/usage/usage.bench.ts's; this runs them at the run's sizes and says what it
 * could not measure.
 */
import pg from 'pg';
import { benchGroupedQueries, benchLedgerIngest, type GroupedQueryBenchResult, type IngestBenchResult } from '../../store/usage/usage.bench.js';
import type { BenchOptions } from '../bench-options.js';
import { formatNumber, type Progress } from '../progress.js';

export const NO_POSTGRES_URL = 'no Postgres URL: --postgres or TOLLGATE_BENCH_POSTGRES_URL';

export interface UsageQueriesResult {
  /** Rows asked for; the grouped queries ran over this many when they were measured. */
  rows: number;
  days: number;
  /** Where Postgres ran (host and port only, no credentials): a database on the benchmark's machine competes for its CPU. */
  postgres: { host: string; version: string } | null;
  /** SQLite always; Postgres when it was reachable. */
  ingest: IngestBenchResult[];
  grouped: GroupedQueryBenchResult | null;
  /** Why the grouped queries were not measured; null when they were. */
  notMeasured: string | null;
}

export async function runUsageQueries(context: { options: BenchOptions; progress: Progress }): Promise<UsageQueriesResult> {
  const { options, progress } = context;
  const result: UsageQueriesResult = { rows: options.usageRows, days: options.usageDays, postgres: null, ingest: [], grouped: null, notMeasured: NO_POSTGRES_URL };
  const ingestOptions = { records: options.ingestRecords, batchSize: options.ingestBatchSize };
  progress(`ledger ingest on SQLite: ${formatNumber(options.ingestRecords)} records in batches of ${formatNumber(options.ingestBatchSize)}, with and without rollups`);
  // SQLite needs nothing outside the repository: a failure here is a bug, and fails the run like any other.
  result.ingest.push(reportIngest(await benchLedgerIngest(ingestOptions), progress));
  const postgresUrl = options.postgresUrl;
  if (postgresUrl === undefined) {
    progress(`usage queries on Postgres: not measured (${NO_POSTGRES_URL})`);
    return result;
  }
  // Postgres is a service outside the benchmark: when it fails, the report says so and keeps every other scenario's numbers.
  try {
    result.postgres = await describePostgres(postgresUrl);
    progress(`ledger ingest on Postgres ${result.postgres.version} at ${result.postgres.host}: ${formatNumber(options.ingestRecords)} records`);
    result.ingest.push(reportIngest(await benchLedgerIngest({ ...ingestOptions, postgresUrl }), progress));
    progress(`usage queries: generating ${formatNumber(options.usageRows)} rows over ${options.usageDays} days in Postgres`);
    result.grouped = await benchGroupedQueries({
      postgresUrl,
      rows: options.usageRows,
      days: options.usageDays,
      chunkRows: options.usageChunkRows,
      runs: options.usageQueryRuns,
      onProgress: (message) => progress(`usage queries: ${message}`),
    });
    result.notMeasured = null;
  } catch (error) {
    result.notMeasured = `failed: ${error instanceof Error ? error.message : String(error)}`;
    progress(`usage queries on Postgres: not measured (${result.notMeasured})`);
  }
  return result;
}

function reportIngest(ingest: IngestBenchResult, progress: Progress): IngestBenchResult {
  progress(
    `ledger ingest on ${ingest.engine === 'sqlite' ? 'SQLite' : 'Postgres'}: ${formatNumber(ingest.store.recordsPerSecond)} records/s through the store; ` +
      `${formatNumber(ingest.withRollups.recordsPerSecond)} with rollups, ${formatNumber(ingest.withoutRollups.recordsPerSecond)} without (${formatNumber(ingest.rollupOverheadPercent, 1)}% overhead)`,
  );
  return ingest;
}

async function describePostgres(postgresUrl: string): Promise<{ host: string; version: string }> {
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    const answer = await client.query<{ server_version: string }>('show server_version');
    return { host: new URL(postgresUrl).host || 'local socket', version: answer.rows[0]?.server_version ?? 'unknown' };
  } finally {
    await client.end();
  }
}
