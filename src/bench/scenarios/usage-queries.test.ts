/** The usage-queries scenario end to end at a small size: what it measures, what it forwards as progress, what it says it could not measure. */
import { describe, expect, it } from 'vitest';
import { POSTGRES_TEST_URL, warnWhenPostgresIsSkipped } from '../../store/test-fixtures/postgres-test-schema.js';
import { resolveBenchOptions } from '../bench-options.js';
import { freePort } from '../process/free-port.js';
import { NO_POSTGRES_URL, runUsageQueries } from './usage-queries.js';

function smokeOptions(postgresUrl: string | undefined) {
  return { ...resolveBenchOptions({ smoke: true }, {}), postgresUrl, ingestRecords: 500, ingestBatchSize: 250 };
}

describe('runUsageQueries', () => {
  it('measures SQLite ingest without a Postgres URL, and reports the Postgres part as not measured', async () => {
    const messages: string[] = [];
    const result = await runUsageQueries({ options: smokeOptions(undefined), progress: (line) => messages.push(line) });
    expect(result).toMatchObject({ rows: 20_000, days: 2, postgres: null, grouped: null, notMeasured: NO_POSTGRES_URL });
    expect(result.ingest.map((entry) => entry.engine)).toEqual(['sqlite']);
    expect(messages.some((line) => line.startsWith('ledger ingest on SQLite: '))).toBe(true);
    expect(messages).toContain(`usage queries on Postgres: not measured (${NO_POSTGRES_URL})`);
  });

  it('reports a Postgres it cannot reach as a failure in the result, not as a failed run', async () => {
    const port = await freePort();
    const result = await runUsageQueries({ options: smokeOptions(`postgres://nobody@127.0.0.1:${port}/none`), progress: () => undefined });
    expect(result.grouped).toBeNull();
    expect(result.notMeasured).toMatch(/^failed: /);
    expect(result.ingest.map((entry) => entry.engine)).toEqual(['sqlite']);
  });
});

warnWhenPostgresIsSkipped('usage-queries.test.ts');
describe.skipIf(!POSTGRES_TEST_URL)('runUsageQueries on Postgres', () => {
  it('runs the grouped queries at the smoke size and forwards the benchmark’s progress', async () => {
    const messages: string[] = [];
    const result = await runUsageQueries({ options: smokeOptions(POSTGRES_TEST_URL), progress: (line) => messages.push(line) });
    expect(result.notMeasured).toBeNull();
    expect(result.postgres?.version).toMatch(/^\d+/);
    expect(result.ingest.map((entry) => entry.engine)).toEqual(['sqlite', 'postgres']);
    expect(result.grouped?.rows).toBe(20_000);
    expect(result.grouped?.queries.length).toBeGreaterThanOrEqual(8);
    expect(messages.some((line) => line.startsWith('usage queries: generated 20,000 of 20,000 rows'))).toBe(true);
  }, 120_000);
});
