import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOpenLoop } from './open-loop.js';

/** Answers at once, except that every request arriving in [stallFrom, stallUntil) waits until stallUntil. */
async function stallingServer(stallFromMs: number, stallUntilMs: number): Promise<{ server: Server; origin: string; start(): void; received(): number }> {
  let startedAt = Number.POSITIVE_INFINITY;
  let received = 0;
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      received += 1;
      const elapsed = performance.now() - startedAt;
      const wait = elapsed >= stallFromMs && elapsed < stallUntilMs ? stallUntilMs - elapsed : 0;
      setTimeout(() => response.end('{"ok":true}'), wait);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, origin: `http://127.0.0.1:${port}`, start: () => (startedAt = performance.now()), received: () => received };
}

describe('runOpenLoop', () => {
  let stalling: Awaited<ReturnType<typeof stallingServer>>;
  beforeAll(async () => {
    stalling = await stallingServer(400, 700);
  });
  afterAll(async () => {
    await new Promise((resolve) => stalling.server.close(resolve));
  });

  it('keeps sending on schedule through a 300 ms stall and charges the stall to every request due in it', async () => {
    stalling.start();
    const result = await runOpenLoop({
      target: { origin: stalling.origin, path: '/', headers: { 'content-type': 'application/json' }, body: '{}' },
      ratePerSecond: 200,
      durationSeconds: 1.5,
      warmupSeconds: 0,
      maxConnections: 128,
    });
    expect(result.sent).toBe(300);
    expect(result.succeeded).toBe(300);
    expect(result.errors).toBe(0);
    expect(stalling.received()).toBe(300);
    // 60 of the 300 requests were due during the stall: a fifth of them waited 150 ms or more.
    expect(result.latency.p90).toBeGreaterThan(100);
    expect(result.latency.max).toBeGreaterThan(250);
    expect(result.latency.p50).toBeLessThan(50);
    expect(result.achievedRate).toBeCloseTo(200, -1);
  });

  it('counts refused connections as errors and says why', async () => {
    const result = await runOpenLoop({
      target: { origin: 'http://127.0.0.1:1', path: '/', headers: {}, body: '{}' },
      ratePerSecond: 50,
      durationSeconds: 0.2,
      warmupSeconds: 0,
      maxConnections: 4,
    });
    expect(result.errors).toBe(10);
    expect(result.succeeded).toBe(0);
    expect(result.firstError).toMatch(/ECONNREFUSED|connect/i);
    expect(result.latency.p50).toBeNaN();
  });
});
