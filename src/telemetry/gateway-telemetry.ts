/**
 * The telemetry a gateway runs: Prometheus metrics (on unless `telemetry.metrics.enabled: false`) and OTLP
 * traces (only with `telemetry.otlp`). `observe(record)` is called once per finished request and never
 * throws: telemetry must not fail a request.
 */
import type { TollgateConfig } from '../config/schema.js';
import type { LedgerRecord } from '../ledger/ledger-record.js';
import { labelSpaceFromConfig } from './metric-labels.js';
import { GatewayMetrics } from './metrics.js';
import type { MetricsSources } from './metrics.js';
import type { RequestTracer, TracingOptions } from './tracing.js';

export interface TelemetryLogger {
  warn(details: object, message: string): void;
}

export interface GatewayTelemetry {
  /** Null when metrics are off. */
  readonly metrics: GatewayMetrics | null;
  readonly isTracing: boolean;
  observe(record: LedgerRecord): void;
  close(): Promise<void>;
}

export async function startGatewayTelemetry(
  config: TollgateConfig,
  sources: MetricsSources,
  logger: TelemetryLogger,
  tracingOptions: TracingOptions = {},
): Promise<GatewayTelemetry> {
  const metrics = config.telemetry.metrics.enabled ? new GatewayMetrics(labelSpaceFromConfig(config), sources) : null;
  let tracer: RequestTracer | null = null;
  const otlp = config.telemetry.otlp;
  if (otlp) {
    // Imported here, so the SDK is never loaded unless tracing is configured.
    const { startRequestTracing } = await import('./tracing.js');
    tracer = await startRequestTracing(otlp, tracingOptions);
  }
  let hasWarned = false;
  return {
    metrics,
    isTracing: tracer !== null,
    observe(record: LedgerRecord): void {
      try {
        metrics?.observe(record);
        tracer?.record(record);
      } catch (error) {
        if (hasWarned) return;
        hasWarned = true;
        logger.warn({ err: error instanceof Error ? error.message : String(error), requestId: record.id }, 'telemetry failed to observe a request (further failures are not logged)');
      }
    },
    async close(): Promise<void> {
      await tracer?.shutdown();
    },
  };
}
