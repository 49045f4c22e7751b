/**
 * Telemetry through a running gateway: with telemetry.otlp set, each request becomes a trace at the
 * collector (after the fact, from its ledger record); with metrics off, /metrics is not served.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startUsageStack, type UsageStack } from './helpers/usage-stack.js';

const stacks: UsageStack[] = [];
const servers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stack of stacks.splice(0)) await stack.close();
  for (const close of servers.splice(0)) await close();
});

async function collector(): Promise<{ url: string; bodies: string[] }> {
  const bodies: string[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      bodies.push(body);
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies };
}

describe('gateway telemetry', () => {
  it('exports a GenAI span for each request to the OTLP collector in telemetry.otlp', async () => {
    const otlp = await collector();
    const stack = await startUsageStack({ startMs: Date.now(), config: { telemetry: { otlp: { endpoint: otlp.url, serviceName: 'tollgate-e2e' } } } });
    stacks.push(stack);
    expect(stack.gateway.context.telemetry.isTracing).toBe(true);
    const answer = await stack.chat({ model: 'openai/gpt-4o-mini', prompt: 'hello', user: 'alice', feature: 'chat' });
    expect(answer.status).toBe(200);
    await stack.close();
    stacks.splice(0);
    const exported = otlp.bodies.join('\n');
    expect(exported).toContain(answer.requestId);
    expect(exported).toContain('"gen_ai.request.model"');
    expect(exported).toContain('"tollgate-e2e"');
  });

  it('does not trace unless telemetry.otlp is set, and serves no /metrics with metrics off', async () => {
    const stack = await startUsageStack({ startMs: Date.now(), config: { telemetry: { metrics: { enabled: false } } } });
    stacks.push(stack);
    expect(stack.gateway.context.telemetry.isTracing).toBe(false);
    expect(stack.gateway.context.telemetry.metrics).toBeNull();
    const response = await fetch(`${stack.gateway.url}/metrics`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/telemetry\.metrics\.enabled/);
  });
});
