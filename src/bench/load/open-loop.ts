/**
 * Open-loop load: requests leave on a fixed schedule (rate R: one every 1/R s) whatever the answers
 * do, and each latency is measured from the time the request was *scheduled*, not from when it went
 * out. A server that stalls for 100 ms therefore shows 100 ms of latency on every request that was
 * due during the stall, instead of hiding it by slowing the client down (coordinated omission).
 * Node timers wake at millisecond granularity, so requests due within the same millisecond leave together.
 */
import { Pool } from 'undici';
import { LatencyHistogram } from './latency-histogram.js';
import type { HttpTarget, OpenLoopResult } from './load-job.js';

export interface OpenLoopSettings {
  target: HttpTarget;
  ratePerSecond: number;
  durationSeconds: number;
  /** Sent on the same schedule before the measured window, and not recorded. */
  warmupSeconds: number;
  maxConnections: number;
  /** How long to wait for stragglers after the last scheduled send. */
  drainTimeoutMs?: number;
}

export async function runOpenLoop(settings: OpenLoopSettings): Promise<OpenLoopResult> {
  const { target } = settings;
  const pool = new Pool(target.origin, { connections: settings.maxConnections, pipelining: 1, keepAliveTimeout: 30_000 });
  const latency = new LatencyHistogram();
  const serviceTime = new LatencyHistogram();
  const sendLag = new LatencyHistogram();
  const intervalMs = 1000 / settings.ratePerSecond;
  const warmupCount = Math.round(settings.warmupSeconds * settings.ratePerSecond);
  const total = warmupCount + Math.round(settings.durationSeconds * settings.ratePerSecond);
  const body = Buffer.from(target.body);
  let sent = 0;
  let succeeded = 0;
  let errors = 0;
  let firstError: string | null = null;
  const inFlight = new Set<Promise<void>>();

  const noteError = (message: string, isMeasured: boolean): void => {
    if (!isMeasured) return;
    errors += 1;
    firstError ??= message;
  };

  const send = (index: number, scheduledAt: number): void => {
    const isMeasured = index >= warmupCount;
    const sentAt = performance.now();
    if (isMeasured) {
      sent += 1;
      sendLag.recordMs(sentAt - scheduledAt);
    }
    const exchange = pool
      .request({ path: target.path, method: 'POST', headers: target.headers, body })
      .then(async (response) => {
        await response.body.arrayBuffer();
        const finishedAt = performance.now();
        if (response.statusCode < 200 || response.statusCode > 299) return noteError(`HTTP ${response.statusCode}`, isMeasured);
        if (!isMeasured) return;
        succeeded += 1;
        latency.recordMs(finishedAt - scheduledAt);
        serviceTime.recordMs(finishedAt - sentAt);
      })
      .catch((error: unknown) => noteError(error instanceof Error ? error.message : String(error), isMeasured));
    inFlight.add(exchange);
    void exchange.finally(() => inFlight.delete(exchange));
  };

  const startedAt = performance.now();
  await new Promise<void>((resolve) => {
    let next = 0;
    const tick = (): void => {
      const now = performance.now();
      while (next < total && startedAt + next * intervalMs <= now) {
        send(next, startedAt + next * intervalMs);
        next += 1;
      }
      if (next >= total) return resolve();
      setTimeout(tick, Math.max(0, Math.floor(startedAt + next * intervalMs - performance.now())));
    };
    tick();
  });
  const drained = Promise.all([...inFlight]).then(() => true);
  const gaveUp = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), settings.drainTimeoutMs ?? 30_000).unref());
  if (!(await Promise.race([drained, gaveUp]))) {
    const unfinished = inFlight.size;
    errors += unfinished;
    firstError ??= `${unfinished} requests had no answer ${(settings.drainTimeoutMs ?? 30_000) / 1000} s after the last was sent`;
  }
  await pool.destroy();
  return {
    kind: 'open-loop',
    targetRate: settings.ratePerSecond,
    achievedRate: succeeded / settings.durationSeconds,
    sent,
    succeeded,
    errors,
    latency: latency.summary(),
    serviceTime: serviceTime.summary(),
    sendLagP99: sendLag.percentileMs(99),
    firstError,
  };
}
