/**
 * Traces over real OTLP/HTTP: a small collector on a free port receives what the exporter sends, as the
 * JSON of the OTLP protocol.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleLedgerRecord } from '../store/test-fixtures/sample-ledger-record.js';
import { startRequestTracing, tracesUrl } from './tracing.js';

interface OtlpAttribute {
  key: string;
  value: { stringValue?: string; intValue?: string | number; boolValue?: boolean; arrayValue?: { values: Array<{ stringValue?: string }> } };
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: OtlpAttribute[];
  status?: { code?: number };
}
interface OtlpExport {
  resourceSpans: Array<{ resource: { attributes: OtlpAttribute[] }; scopeSpans: Array<{ spans: OtlpSpan[] }> }>;
}

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function startCollector(): Promise<{ url: string; exports: OtlpExport[]; headers: Array<Record<string, unknown>> }> {
  const exports: OtlpExport[] = [];
  const headers: Array<Record<string, unknown>> = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      if (request.url === '/v1/traces') {
        exports.push(JSON.parse(body) as OtlpExport);
        headers.push({ ...request.headers });
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, exports, headers };
}

function attributes(list: readonly OtlpAttribute[]): Record<string, unknown> {
  return Object.fromEntries(list.map(({ key, value }) => [key, value.stringValue ?? (value.intValue === undefined ? undefined : Number(value.intValue)) ?? value.boolValue ?? value.arrayValue?.values.map((item) => item.stringValue)]));
}

describe('startRequestTracing', () => {
  it('exports one server span per request with GenAI attributes, and a client span per attempt beneath it', async () => {
    const collector = await startCollector();
    const tracer = await startRequestTracing({ endpoint: collector.url, headers: { 'x-collector-token': 'token-1' }, serviceName: 'tollgate-test' }, { exportDelayMs: 10 });
    const record = sampleLedgerRecord('traced', { cacheSavingsPico: 600_000_000n });
    tracer.record(record);
    await tracer.shutdown();

    const spans = collector.exports.flatMap((batch) => batch.resourceSpans.flatMap((resource) => resource.scopeSpans.flatMap((scope) => scope.spans)));
    expect(spans).toHaveLength(3);
    expect(collector.headers[0]?.['x-collector-token']).toBe('token-1');
    expect(attributes(collector.exports[0]?.resourceSpans[0]?.resource.attributes ?? [])).toMatchObject({ 'service.name': 'tollgate-test' });

    const root = spans.find((span) => span.parentSpanId === undefined || span.parentSpanId === '');
    if (!root) throw new Error('no root span');
    expect(root.name).toBe('chat smart');
    expect(root.kind).toBe(2); // SERVER
    expect(BigInt(root.startTimeUnixNano)).toBe(BigInt(record.createdAt.getTime()) * 1_000_000n);
    expect(BigInt(root.endTimeUnixNano) - BigInt(root.startTimeUnixNano)).toBe(BigInt(record.latencyMs) * 1_000_000n);
    expect(attributes(root.attributes)).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'smart',
      'gen_ai.response.model': 'gpt-4o-mini',
      'gen_ai.usage.input_tokens': 10_000,
      'gen_ai.usage.output_tokens': 200,
      'gen_ai.usage.cache_read.input_tokens': 8_000,
      'gen_ai.usage.cache_creation.input_tokens': 0,
      'tollgate.request_id': 'traced',
      'tollgate.cost_usd': '0.00102',
      'tollgate.cache_savings_usd': '0.0006',
      'tollgate.feature': 'summarize',
      'tollgate.tags': ['beta', 'eu'],
    });

    const children = spans.filter((span) => span !== root);
    expect(children.every((span) => span.parentSpanId === root.spanId && span.traceId === root.traceId && span.kind === 3)).toBe(true);
    const failed = children.find((span) => span.name === 'chat claude-sonnet-4-5');
    expect(attributes(failed?.attributes ?? [])).toMatchObject({ 'gen_ai.provider.name': 'anthropic', 'error.type': 'overloaded', 'http.response.status_code': 529, 'tollgate.attempt': 1 });
    expect(failed?.status?.code).toBe(2); // ERROR
    const served = children.find((span) => span.name === 'chat gpt-4o-mini');
    expect(attributes(served?.attributes ?? [])).toMatchObject({ 'tollgate.outcome': 'ok', 'gen_ai.usage.output_tokens': 200 });
  });

  it('never carries bodies, even when the record has them', async () => {
    const collector = await startCollector();
    const tracer = await startRequestTracing({ endpoint: `${collector.url}/v1/traces`, serviceName: 'tollgate' }, { exportDelayMs: 10 });
    tracer.record(sampleLedgerRecord('with-body', { bodies: { request: 'SECRET-PROMPT', response: 'SECRET-ANSWER' } }));
    await tracer.shutdown();
    expect(collector.exports.length).toBeGreaterThan(0);
    expect(JSON.stringify(collector.exports)).not.toMatch(/SECRET/);
  });

  it('appends /v1/traces to a collector base URL only', () => {
    expect(tracesUrl('http://collector:4318')).toBe('http://collector:4318/v1/traces');
    expect(tracesUrl('http://collector:4318/')).toBe('http://collector:4318/v1/traces');
    expect(tracesUrl('https://otel.example/v1/traces')).toBe('https://otel.example/v1/traces');
  });
});
