/**
 * Streaming latency at low concurrency: how long until the first token and until the end, for a
 * fixed number of streams, `concurrency` at a time. Warm-up streams are run first and not recorded.
 */
import { Pool } from 'undici';
import { LatencyHistogram } from './latency-histogram.js';
import type { HttpTarget, StreamLatencyResult } from './load-job.js';
import { timeOneStream } from './stream-exchange.js';

export interface StreamLatencySettings {
  target: HttpTarget;
  streams: number;
  concurrency: number;
  warmupStreams: number;
}

export async function runStreamLatency(settings: StreamLatencySettings): Promise<StreamLatencyResult> {
  const pool = new Pool(settings.target.origin, { connections: settings.concurrency, pipelining: 1, keepAliveTimeout: 30_000 });
  const timeToFirstToken = new LatencyHistogram();
  const total = new LatencyHistogram();
  let errors = 0;
  let firstError: string | null = null;
  let next = 0;
  const count = settings.warmupStreams + settings.streams;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const index = next;
      next += 1;
      try {
        const timing = await timeOneStream(pool, settings.target, AbortSignal.timeout(60_000));
        if (index < settings.warmupStreams) continue;
        timeToFirstToken.recordMs(timing.timeToFirstTokenMs);
        total.recordMs(timing.totalMs);
      } catch (error) {
        if (index < settings.warmupStreams) continue;
        errors += 1;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: settings.concurrency }, worker));
  await pool.destroy();
  return { kind: 'stream-latency', streams: settings.streams, errors, timeToFirstToken: timeToFirstToken.summary(), total: total.summary(), firstError };
}
