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
});
