/**
 * Many streams at once: every stream is started in the same moment on its own connection and held
 * open until it ends, while the benchmark samples the contender's memory.
 */
import { setMaxListeners } from 'node:events';
import { Pool } from 'undici';
import { LatencyHistogram } from './latency-histogram.js';
import type { ConcurrentStreamsResult, HttpTarget } from './load-job.js';
import { timeOneStream } from './stream-exchange.js';

export interface ConcurrentStreamsSettings {
  target: HttpTarget;
  streams: number;
  timeoutMs: number;
}

export async function runConcurrentStreams(settings: ConcurrentStreamsSettings): Promise<ConcurrentStreamsResult> {
  const pool = new Pool(settings.target.origin, { connections: settings.streams, pipelining: 1, keepAliveTimeout: 30_000 });
  const timeToFirstToken = new LatencyHistogram();
  let open = 0;
  let peakOpen = 0;
  let completed = 0;
  let errors = 0;
  let firstError: string | null = null;
  const hooks = {
    onOpen: () => {
      open += 1;
      peakOpen = Math.max(peakOpen, open);
    },
    onClose: () => {
      open -= 1;
    },
  };
  const startedAt = performance.now();
  const signal = AbortSignal.timeout(settings.timeoutMs);
  // One deadline for every stream: each request listens on it.
  setMaxListeners(settings.streams + 10, signal);
  await Promise.all(
    Array.from({ length: settings.streams }, async () => {
      try {
        const timing = await timeOneStream(pool, settings.target, signal, hooks);
        completed += 1;
        timeToFirstToken.recordMs(timing.timeToFirstTokenMs);
      } catch (error) {
        errors += 1;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    }),
  );
  const wallSeconds = (performance.now() - startedAt) / 1000;
  await pool.destroy();
  return { kind: 'concurrent-streams', streams: settings.streams, completed, errors, peakOpen, wallSeconds, timeToFirstToken: timeToFirstToken.summary(), firstError };
}
