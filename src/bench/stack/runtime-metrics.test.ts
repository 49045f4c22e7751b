import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { startChild, type RunningChild } from '../process/child-process.js';
import { parseRuntimeMetrics, runtimeBetween, withRuntimeMetrics } from './runtime-metrics.js';

const promClient = createRequire(import.meta.url).resolve('prom-client');

/** A separate process with Tollgate-prefixed default metrics, whose event loop can be blocked and made to collect garbage. */
const SERVER = `
const http = require('node:http');
const { Registry, collectDefaultMetrics } = require(${JSON.stringify(promClient)});
const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'tollgate_' });
let kept = [];
http.createServer((request, response) => {
  if (request.url === '/work') {
    for (let index = 0; index < 100; index += 1) kept.push(Array.from({ length: 20000 }, (_, value) => ({ value })));
    kept = [];
    const until = performance.now() + 150;
    while (performance.now() < until) {}
    return response.end('done');
  }
  registry.metrics().then((text) => response.end(text));
}).listen(0, '127.0.0.1', function () { console.log('metrics on http://127.0.0.1:' + this.address().port); });
`;

describe('runtime metrics from another process’s prom-client registry', () => {
  let server: RunningChild;
  let origin: string;
  beforeAll(async () => {
    server = await startChild({ name: 'metrics server', command: process.execPath, args: ['-e', SERVER], readyPattern: /metrics on (http:\/\/\S+)/, readyTimeoutMs: 20_000 });
    origin = server.ready[1] ?? '';
  });
  afterAll(async () => {
    await server.stop(2000);
  });

  it('sees the event loop blocked and the garbage collected between two scrapes', async () => {
    const { result, runtime } = await withRuntimeMetrics(origin, async () => {
      const response = await request(`${origin}/work`);
      const text = await response.body.text();
      await new Promise((resolve) => setTimeout(resolve, 100));
      return text;
    });
    expect(result).toBe('done');
    expect(runtime?.eventLoopLagMaxMs).toBeGreaterThanOrEqual(100);
    expect(runtime?.gcPauses).toBeGreaterThan(0);
    expect(runtime?.gcMs).toBeGreaterThan(0);
  });

  it('is undefined for a contender without metrics', async () => {
    expect((await withRuntimeMetrics(undefined, async () => 1)).runtime).toBeUndefined();
    expect(runtimeBetween(undefined, parseRuntimeMetrics(''))).toBeUndefined();
  });

  it('counts GC pauses over 100 ms from the histogram buckets', () => {
    const text = [
      'tollgate_nodejs_gc_duration_seconds_bucket{le="0.01",kind="minor"} 8',
      'tollgate_nodejs_gc_duration_seconds_bucket{le="0.1",kind="minor"} 10',
      'tollgate_nodejs_gc_duration_seconds_bucket{le="0.1",kind="major"} 1',
      'tollgate_nodejs_gc_duration_seconds_sum{kind="minor"} 0.05',
      'tollgate_nodejs_gc_duration_seconds_sum{kind="major"} 0.45',
      'tollgate_nodejs_gc_duration_seconds_count{kind="minor"} 10',
      'tollgate_nodejs_gc_duration_seconds_count{kind="major"} 3',
      'tollgate_nodejs_eventloop_lag_max_seconds 0.25',
    ].join('\n');
    expect(parseRuntimeMetrics(text)).toMatchObject({ gcCount: 13, gcCountOver100Ms: 2, eventLoopLagMaxMs: 250 });
    expect(parseRuntimeMetrics(text).gcSeconds).toBeCloseTo(0.5, 10);
  });
});
