import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { RESULTS_DIRECTORY, resolveBenchOptions, SCENARIO_NAMES } from './bench-options.js';

describe('resolveBenchOptions', () => {
  it('runs every scenario, 3 rounds, into bench/results by default, at the issue’s rates', () => {
    const options = resolveBenchOptions({});
    expect(options).toMatchObject({ isSmoke: false, rounds: 3, connections: 64, openLoopRates: [500, 2000], concurrentStreams: 1000, streamTokens: 100, outputDirectory: RESULTS_DIRECTORY });
    expect(options.scenarios).toEqual([...SCENARIO_NAMES]);
    expect(options.peer).toBeUndefined();
  });

  it('keeps the smoke run short and its report out of the repository', () => {
    const options = resolveBenchOptions({ smoke: true });
    expect(options.rounds).toBe(1);
    expect(options.durationSeconds).toBeLessThanOrEqual(1);
    expect(options.outputDirectory.startsWith(os.tmpdir())).toBe(true);
    expect(options.scenarios).toEqual([...SCENARIO_NAMES]);
  });

  it('lets flags override the defaults', () => {
    const options = resolveBenchOptions({ rounds: 5, duration: 20, only: ['open-loop'], peer: 'portkey', output: 'somewhere', profile: 15 });
    expect(options).toMatchObject({ rounds: 5, durationSeconds: 20, scenarios: ['open-loop'], peer: 'portkey', profileSeconds: 15 });
    expect(options.outputDirectory).toMatch(/somewhere$/);
  });

  it('measures the usage queries over ten million rows, and at the sizes of the usage benchmark’s own test when smoking', () => {
    expect(resolveBenchOptions({}, {})).toMatchObject({ usageRows: 10_000_000, usageDays: 30, usageQueryRuns: 5, ingestRecords: 50_000, ingestBatchSize: 500, postgresUrl: undefined });
    expect(resolveBenchOptions({ smoke: true }, {})).toMatchObject({ usageRows: 20_000, usageDays: 2, usageChunkRows: 10_000, usageQueryRuns: 1, ingestRecords: 1_000, ingestBatchSize: 250 });
    expect(resolveBenchOptions({ usageRows: 1_000_000, only: ['usage-queries'] }, {})).toMatchObject({ usageRows: 1_000_000, scenarios: ['usage-queries'] });
    expect(SCENARIO_NAMES).toContain('usage-queries');
  });

  it('takes the Postgres URL from --postgres, then TOLLGATE_BENCH_POSTGRES_URL, then TOLLGATE_TEST_POSTGRES_URL, ignoring empty ones', () => {
    const env = { TOLLGATE_BENCH_POSTGRES_URL: 'postgres://bench@db/bench', TOLLGATE_TEST_POSTGRES_URL: 'postgresql://test@db/test' };
    expect(resolveBenchOptions({ postgres: 'postgres://flag@db/flag' }, env).postgresUrl).toBe('postgres://flag@db/flag');
    expect(resolveBenchOptions({}, env).postgresUrl).toBe('postgres://bench@db/bench');
    expect(resolveBenchOptions({ postgres: '' }, { ...env, TOLLGATE_BENCH_POSTGRES_URL: '' }).postgresUrl).toBe('postgresql://test@db/test');
    expect(resolveBenchOptions({}, {}).postgresUrl).toBeUndefined();
  });

  it('refuses a Postgres URL that is not one before anything runs, without repeating it (it may hold a password)', () => {
    expect(() => resolveBenchOptions({ postgres: 'mysql://root:secret@db/x' }, {})).toThrow('--postgres is not a postgres:// or postgresql:// URL');
    expect(() => resolveBenchOptions({}, { TOLLGATE_BENCH_POSTGRES_URL: 'localhost:5432' })).toThrow(/^TOLLGATE_BENCH_POSTGRES_URL is not/);
    const message = (() => {
      try {
        resolveBenchOptions({ postgres: 'mysql://root:secret@db/x' }, {});
        return '';
      } catch (error) {
        return error instanceof Error ? error.message : String(error);
      }
    })();
    expect(message).not.toBe('');
    expect(message).not.toContain('secret');
  });
});
