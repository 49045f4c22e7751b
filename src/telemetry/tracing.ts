/**
 * OpenTelemetry traces over OTLP/HTTP when `telemetry.otlp.endpoint` is set: one SERVER span per request,
 * built after the fact from its ledger record (its own start and end times), with one CLIENT child span per
 * upstream attempt. The SDK is imported only here and only when tracing is on, so a gateway without it
 * loads none of it and pays nothing per request.
 */
import type { LedgerRecord } from '../ledger/ledger-record.js';
import { attemptSpanAttributes, attemptSpanName, requestSpanAttributes, requestSpanName } from './genai-span-attributes.js';

export interface OtlpTracingConfig {
  endpoint: string;
  headers?: Record<string, string> | undefined;
  serviceName: string;
}

export interface RequestTracer {
  /** Queues the request's spans for export; never throws, never waits. */
  record(record: LedgerRecord): void;
  /** Exports what is queued and stops. */
  shutdown(): Promise<void>;
}

export interface TracingOptions {
  /** How long the batch processor waits before exporting (default 5 s). */
  exportDelayMs?: number;
  version?: string;
}

/** `http://collector:4318` → `http://collector:4318/v1/traces`; a full traces URL is kept as given. */
export function tracesUrl(endpoint: string): string {
  const trimmed = endpoint.replace(/\/+$/, '');
  return trimmed.endsWith('/v1/traces') ? trimmed : `${trimmed}/v1/traces`;
}

export async function startRequestTracing(config: OtlpTracingConfig, options: TracingOptions = {}): Promise<RequestTracer> {
  const [api, sdk, exporterModule, resources] = await Promise.all([
    import('@opentelemetry/api'),
    import('@opentelemetry/sdk-trace-base'),
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/resources'),
  ]);
  const exporter = new exporterModule.OTLPTraceExporter({ url: tracesUrl(config.endpoint), headers: config.headers ?? {} });
  const provider = new sdk.BasicTracerProvider({
    resource: resources.resourceFromAttributes({ 'service.name': config.serviceName, 'service.version': options.version ?? '0.1.0' }),
    spanProcessors: [new sdk.BatchSpanProcessor(exporter, { scheduledDelayMillis: options.exportDelayMs ?? 5_000 })],
  });
  const tracer = provider.getTracer('tollgate');
  const { SpanKind, SpanStatusCode, ROOT_CONTEXT, trace } = api;

  return {
    record(record: LedgerRecord): void {
      const startMs = record.createdAt.getTime();
      const span = tracer.startSpan(requestSpanName(record), { kind: SpanKind.SERVER, startTime: startMs, attributes: requestSpanAttributes(record) }, ROOT_CONTEXT);
      const parent = trace.setSpan(ROOT_CONTEXT, span);
      for (const attempt of record.attempts) {
        const attemptStartMs = attempt.startedAt.getTime();
        const child = tracer.startSpan(attemptSpanName(record, attempt), { kind: SpanKind.CLIENT, startTime: attemptStartMs, attributes: attemptSpanAttributes(record, attempt) }, parent);
        if (attempt.outcome !== 'ok') child.setStatus({ code: SpanStatusCode.ERROR, message: attempt.errorMessage ?? attempt.outcome });
        child.end(attemptStartMs + attempt.latencyMs);
      }
      if (record.status !== 'ok') span.setStatus({ code: SpanStatusCode.ERROR, message: record.errorCode ?? record.status });
      span.end(startMs + record.latencyMs);
    },
    shutdown: () => provider.shutdown(),
  };
}
