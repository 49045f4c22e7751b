import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoadGenerator } from './load-generator.js';

describe('LoadGenerator: load from a separate process', () => {
  let server: Server;
  let origin: string;
  const generator = new LoadGenerator();
  beforeAll(async () => {
    server = createServer((request, response) => {
      request.resume();
      request.on('end', () => response.end(`{"pid":${process.pid}}`));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await generator.stop();
    await new Promise((resolve) => server.close(resolve));
  });

  it('runs jobs one after another in the same process and returns checked results', async () => {
    const target = { origin, path: '/', headers: { 'content-type': 'application/json' }, body: '{}' };
    const openLoop = await generator.run({ kind: 'open-loop', target, ratePerSecond: 100, durationSeconds: 0.3, warmupSeconds: 0, maxConnections: 8 }, 30_000);
    expect(openLoop).toMatchObject({ kind: 'open-loop', sent: 30, succeeded: 30, errors: 0 });
    const closedLoop = await generator.run({ kind: 'closed-loop', target, connections: 4, durationSeconds: 0.5 }, 30_000);
    expect(closedLoop.kind).toBe('closed-loop');
    expect(closedLoop.succeeded).toBeGreaterThan(10);
    expect(closedLoop.requestsPerSecond).toBeGreaterThan(10);
  }, 60_000);

  it('passes a failing job’s reason back instead of hanging', async () => {
    await expect(
      generator.run({ kind: 'stream-latency', target: { origin: 'http://127.0.0.1:1', path: '/', headers: {}, body: '{}' }, streams: 1, concurrency: 1, warmupStreams: 0 }, 30_000),
    ).resolves.toMatchObject({ errors: 1 });
  }, 60_000);
});
