/**
 * Closed-loop load at saturation with autocannon: `connections` clients, each sending its next request
 * as soon as the previous answer arrived, so the server's throughput is what limits the rate.
 */
import autocannon from 'autocannon';
import type { ClosedLoopResult, HttpTarget } from './load-job.js';

export interface ClosedLoopSettings {
  target: HttpTarget;
  connections: number;
  durationSeconds: number;
}

export async function runClosedLoop(settings: ClosedLoopSettings): Promise<ClosedLoopResult> {
  const options = (durationSeconds: number): autocannon.Options => ({
    url: `${settings.target.origin}${settings.target.path}`,
    method: 'POST',
    headers: settings.target.headers,
    body: settings.target.body,
    connections: settings.connections,
    pipelining: 1,
    duration: durationSeconds,
    timeout: 30,
  });
  const result = await autocannon(options(settings.durationSeconds));
  const succeeded = result['2xx'];
  return {
    kind: 'closed-loop',
    requestsPerSecond: succeeded / result.duration,
    succeeded,
    errors: result.errors,
    non2xx: result.non2xx,
    timeouts: result.timeouts,
    latency: { p50: result.latency.p50, p99: result.latency.p99, mean: result.latency.mean },
    durationSeconds: result.duration,
  };
}
