/** Scenario 6 in the Markdown report and the terminal: grouped usage queries on Postgres, and ledger ingest per engine. */
import type { IngestBenchResult } from '../../store/usage/usage.bench.js';
import type { UsageQueriesResult } from '../scenarios/usage-queries.js';
import { fixed, markdownTable } from './render-helpers.js';

const ENGINE_LABELS: Record<IngestBenchResult['engine'], string> = { sqlite: 'SQLite', postgres: 'Postgres' };

export function renderUsageQueriesSection(result: UsageQueriesResult): string[] {
  const lines = [`## 6. Usage queries over ${result.rows.toLocaleString('en-US')} rows on Postgres`, ''];
  const grouped = result.grouped;
  if (grouped === null) {
    lines.push(`Not measured (${result.notMeasured ?? 'no result'}).`, '');
  } else {
    lines.push(
      `\`benchGroupedQueries\` (\`src/store/usage/usage.bench.ts\`): ${grouped.rows.toLocaleString('en-US')} ledger rows over ${result.days} days generated inside Postgres` +
        `${result.postgres ? ` ${result.postgres.version} at ${result.postgres.host}` : ''}, in a schema of its own dropped afterwards; ` +
        'then the hourly rollups built from them, and each query timed: the median of its runs after one warm-up run. ' +
        '“usage” queries read the rollups plus the raw rows at the window’s ragged edges; the “raw rows” lines read every row of the window, for comparison.',
      '',
    );
    lines.push(
      markdownTable(
        ['', ''],
        [
          ['generate rows, s', fixed(grouped.generateSeconds, 1)],
          ['build rollups, s', fixed(grouped.rollupBuildSeconds, 1)],
          ['hourly rollup rows', grouped.rollupRows.toLocaleString('en-US')],
          ['hourly rollup rows per tag', grouped.tagRollupRows.toLocaleString('en-US')],
        ],
      ),
      '',
    );
    lines.push(markdownTable(['query', 'median ms', 'runs', 'rows returned'], grouped.queries.map((query) => [query.name, fixed(query.medianMs, 1), String(query.runs), query.rows.toLocaleString('en-US')])), '');
  }
  if (result.ingest.length > 0) lines.push(...renderIngest(result.ingest));
  return lines;
}

function renderIngest(ingest: IngestBenchResult[]): string[] {
  const first = ingest[0];
  const lines = ['### Ledger ingest', ''];
  if (first) {
    lines.push(
      `\`benchLedgerIngest\`: ${first.records.toLocaleString('en-US')} records per measurement in batches of ${first.batchSize}, each batch’s records within ${fixed(first.batchSpreadMs / 1000, 0)} s of one another (as a ledger flush’s are). ` +
        '“Through the store” is how the ledger writes (SQLite: on its worker thread), hourly rollups included; “with” and “without rollups” are the same inserts (SQLite: in-thread, to compare like with like), so their difference is what maintaining the rollups in the same transaction costs.',
      '',
    );
  }
  lines.push(
    markdownTable(
      ['engine', 'records/s through the store', 'batch p50 / p95 ms', 'with rollups, records/s', 'without rollups, records/s', 'rollup overhead'],
      ingest.map((entry) => [
        ENGINE_LABELS[entry.engine],
        fixed(entry.store.recordsPerSecond, 0),
        `${fixed(entry.store.medianBatchMs, 1)} / ${fixed(entry.store.p95BatchMs, 1)}`,
        fixed(entry.withRollups.recordsPerSecond, 0),
        fixed(entry.withoutRollups.recordsPerSecond, 0),
        `${fixed(entry.rollupOverheadPercent, 1)}%`,
      ]),
    ),
    '',
  );
  return lines;
}

/** A line or two for the terminal: the spread of the query times and the slowest query; ingest per engine. */
export function usageQueriesTerminalLines(result: UsageQueriesResult): string[] {
  const lines: string[] = [];
  const queries = [...(result.grouped?.queries ?? [])].sort((left, right) => left.medianMs - right.medianMs);
  const fastest = queries[0];
  const slowest = queries[queries.length - 1];
  if (result.grouped === null || !fastest || !slowest) {
    lines.push(`usage queries on Postgres: not measured (${result.notMeasured ?? 'no result'})`);
  } else {
    lines.push(
      `usage queries over ${result.grouped.rows.toLocaleString('en-US')} rows on Postgres: ${queries.length} queries, median ${fixed(fastest.medianMs, 1)}–${fixed(slowest.medianMs, 1)} ms (slowest: ${slowest.name})`,
    );
  }
  for (const entry of result.ingest) {
    lines.push(`ledger ingest on ${ENGINE_LABELS[entry.engine]}: ${fixed(entry.store.recordsPerSecond, 0)} records/s through the store, rollups ${fixed(entry.rollupOverheadPercent, 1)}% overhead`);
  }
  return lines;
}
