/**
 * What Tollgate's own /metrics says about its event loop and garbage collector during a measurement.
 * prom-client resets its event-loop delay histogram on every scrape, so a scrape just before a run and
 * one just after give the worst delay during the run; GC durations are a cumulative histogram, so the
 * difference of the two scrapes is the run's GC.
 */
import { request } from 'undici';

export interface RuntimeScrape {
  eventLoopLagMaxMs: number;
  eventLoopLagP99Ms: number;
  gcSeconds: number;
  gcCount: number;
  /** GC pauses longer than 100 ms (the histogram's 0.1 s bucket). */
  gcCountOver100Ms: number;
}

export interface RuntimeDuring {
  eventLoopLagMaxMs: number;
  eventLoopLagP99Ms: number;
  gcMs: number;
  gcPauses: number;
  gcPausesOver100Ms: number;
}

const PREFIX = 'tollgate_nodejs_';

/** Sums every sample of a metric (over its labels) whose label text matches `labels`; `absent` when there is none. */
function sumOf(text: string, name: string, labels: RegExp = /.*/, absent = Number.NaN): number {
  let total = 0;
  let isFound = false;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const match = /^([^\s{]+)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!match || match[1] !== name || !labels.test(match[2] ?? '')) continue;
    const value = Number(match[3]);
    if (Number.isFinite(value)) {
      total += value;
      isFound = true;
    }
  }
  return isFound ? total : absent;
}

export function parseRuntimeMetrics(text: string): RuntimeScrape {
  // A GC histogram with no collection yet prints no samples: that is zero collections, not unknown.
  const gcCount = sumOf(text, `${PREFIX}gc_duration_seconds_count`, /.*/, 0);
  return {
    eventLoopLagMaxMs: sumOf(text, `${PREFIX}eventloop_lag_max_seconds`) * 1000,
    eventLoopLagP99Ms: sumOf(text, `${PREFIX}eventloop_lag_p99_seconds`) * 1000,
    gcSeconds: sumOf(text, `${PREFIX}gc_duration_seconds_sum`, /.*/, 0),
    gcCount,
    gcCountOver100Ms: gcCount - sumOf(text, `${PREFIX}gc_duration_seconds_bucket`, /le="0\.1"/, 0),
  };
}

/** Undefined when the gateway has no metrics endpoint (metrics off). */
export async function scrapeRuntimeMetrics(origin: string): Promise<RuntimeScrape | undefined> {
  try {
    const response = await request(`${origin}/metrics`);
    const text = await response.body.text();
    return response.statusCode === 200 ? parseRuntimeMetrics(text) : undefined;
  } catch {
    return undefined;
  }
}

export function runtimeBetween(before: RuntimeScrape | undefined, after: RuntimeScrape | undefined): RuntimeDuring | undefined {
  if (!before || !after) return undefined;
  return {
    eventLoopLagMaxMs: after.eventLoopLagMaxMs,
    eventLoopLagP99Ms: after.eventLoopLagP99Ms,
    gcMs: (after.gcSeconds - before.gcSeconds) * 1000,
    gcPauses: after.gcCount - before.gcCount,
    gcPausesOver100Ms: after.gcCountOver100Ms - before.gcCountOver100Ms,
  };
}

/** Runs `work` between two scrapes of the contender's runtime metrics, when it has them. */
export async function withRuntimeMetrics<Result>(metricsOrigin: string | undefined, work: () => Promise<Result>): Promise<{ result: Result; runtime: RuntimeDuring | undefined }> {
  if (metricsOrigin === undefined) return { result: await work(), runtime: undefined };
  const before = await scrapeRuntimeMetrics(metricsOrigin);
  const result = await work();
  return { result, runtime: runtimeBetween(before, await scrapeRuntimeMetrics(metricsOrigin)) };
}
