/**
 * What the benchmark asks a load-generator process to do, and what it answers. Both cross a process
 * boundary, so both are zod schemas, checked on arrival.
 */
import { z } from 'zod';

/** A measured number; NaN when there was nothing to measure (no successful request, say). */
const measured = z.union([z.number(), z.nan()]);

export const httpTargetSchema = z.object({
  /** http://127.0.0.1:1234 */
  origin: z.string(),
  path: z.string(),
  headers: z.record(z.string(), z.string()),
  body: z.string(),
});
export type HttpTarget = z.infer<typeof httpTargetSchema>;

export const loadJobSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('closed-loop'), target: httpTargetSchema, connections: z.number().int().positive(), durationSeconds: z.number().positive() }),
  z.object({
    kind: z.literal('open-loop'),
    target: httpTargetSchema,
    ratePerSecond: z.number().positive(),
    durationSeconds: z.number().positive(),
    warmupSeconds: z.number().min(0),
    maxConnections: z.number().int().positive(),
  }),
  z.object({ kind: z.literal('stream-latency'), target: httpTargetSchema, streams: z.number().int().positive(), concurrency: z.number().int().positive(), warmupStreams: z.number().int().min(0) }),
  z.object({ kind: z.literal('concurrent-streams'), target: httpTargetSchema, streams: z.number().int().positive(), timeoutMs: z.number().int().positive() }),
  z.object({ kind: z.literal('micro'), iterations: z.number().int().positive(), flushRecords: z.number().int().positive(), flushes: z.number().int().positive() }),
]);
export type LoadJob = z.infer<typeof loadJobSchema>;

/** Latency percentiles in milliseconds. */
export const latencySummarySchema = z.object({
  count: measured,
  mean: measured,
  p50: measured,
  p90: measured,
  p99: measured,
  p999: measured,
  max: measured,
});
export type LatencySummary = z.infer<typeof latencySummarySchema>;

export const closedLoopResultSchema = z.object({
  kind: z.literal('closed-loop'),
  requestsPerSecond: measured,
  /** Answers with status 2xx. */
  succeeded: measured,
  errors: measured,
  non2xx: measured,
  timeouts: measured,
  latency: z.object({ p50: measured, p99: measured, mean: measured }),
  durationSeconds: measured,
});
export type ClosedLoopResult = z.infer<typeof closedLoopResultSchema>;

export const openLoopResultSchema = z.object({
  kind: z.literal('open-loop'),
  targetRate: measured,
  /** Answers received per second over the measured window. */
  achievedRate: measured,
  sent: measured,
  succeeded: measured,
  errors: measured,
  /** From the scheduled send time: what a client on a fixed schedule experiences (no coordinated omission). */
  latency: latencySummarySchema,
  /** From the moment the request was actually handed to the socket pool. */
  serviceTime: latencySummarySchema,
  /** How late the generator itself sent, at the 99th percentile (ms): large values mean the generator fell behind. */
  sendLagP99: measured,
  firstError: z.string().nullable(),
});
export type OpenLoopResult = z.infer<typeof openLoopResultSchema>;

export const streamLatencyResultSchema = z.object({
  kind: z.literal('stream-latency'),
  streams: measured,
  errors: measured,
  timeToFirstToken: latencySummarySchema,
  total: latencySummarySchema,
  firstError: z.string().nullable(),
});
export type StreamLatencyResult = z.infer<typeof streamLatencyResultSchema>;

export const concurrentStreamsResultSchema = z.object({
  kind: z.literal('concurrent-streams'),
  streams: measured,
  completed: measured,
  errors: measured,
  /** Most streams open at the same time, as the client saw them. */
  peakOpen: measured,
  wallSeconds: measured,
  timeToFirstToken: latencySummarySchema,
  firstError: z.string().nullable(),
});
export type ConcurrentStreamsResult = z.infer<typeof concurrentStreamsResultSchema>;

export const microResultSchema = z.object({
  kind: z.literal('micro'),
  functions: z.array(z.object({ name: z.string(), nsPerOp: measured, iterations: measured, source: z.string() })),
  ledgerFlush: z.object({
    recordsPerFlush: measured,
    flushes: measured,
    inThreadBlockMs: z.object({ median: measured, max: measured }),
    workerMainThreadBusyMs: z.object({ median: measured, max: measured }),
    slicesPerFlush: measured,
    workerFlushMs: z.object({ median: measured, max: measured }),
  }),
  gaps: z.array(z.string()),
});
export type MicroResult = z.infer<typeof microResultSchema>;

export const loadResultSchema = z.discriminatedUnion('kind', [
  closedLoopResultSchema,
  openLoopResultSchema,
  streamLatencyResultSchema,
  concurrentStreamsResultSchema,
  microResultSchema,
]);
export type LoadResult = z.infer<typeof loadResultSchema>;

export const jobRequestSchema = z.object({ id: z.number(), job: loadJobSchema });
export type JobRequest = z.infer<typeof jobRequestSchema>;

export const runnerMessageSchema = z.union([
  z.object({ id: z.number(), type: z.literal('result'), result: loadResultSchema }),
  z.object({ id: z.number(), type: z.literal('failed'), message: z.string() }),
]);
export type RunnerMessage = z.infer<typeof runnerMessageSchema>;
