import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../sim/index.js';
import { runConcurrentStreams } from './concurrent-streams.js';
import type { HttpTarget } from './load-job.js';
import { runStreamLatency } from './stream-latency.js';

describe('streaming load against the simulator', () => {
  let simulator: RunningSimulator;
  let target: HttpTarget;
  beforeAll(async () => {
    simulator = await startSimulator({ models: { 'gpt-4o-mini': { outputTokens: 40 } } });
    target = {
      origin: simulator.url,
      path: '/v1/chat/completions',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk-test' },
      body: JSON.stringify({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'Say hello' }] }),
    };
  });
  afterAll(async () => {
    await simulator.close();
  });

  it('times first token and end of each stream, the warm-up left out', async () => {
    simulator.setModelBehaviour('gpt-4o-mini', { outputTokens: 40, ttftMs: 30 });
    const result = await runStreamLatency({ target, streams: 5, concurrency: 1, warmupStreams: 2 });
    expect(result.errors).toBe(0);
    expect(result.timeToFirstToken.count).toBe(5);
    expect(result.timeToFirstToken.p50).toBeGreaterThanOrEqual(30);
    expect(result.total.p50).toBeGreaterThanOrEqual(result.timeToFirstToken.p50);
  });

  it('holds every stream open at once when the answers are paced', async () => {
    simulator.setModelBehaviour('gpt-4o-mini', { outputTokens: 20, tokensPerSecond: 40 });
    const result = await runConcurrentStreams({ target, streams: 20, timeoutMs: 20_000 });
    expect(result).toMatchObject({ streams: 20, completed: 20, errors: 0, peakOpen: 20 });
    expect(result.wallSeconds).toBeGreaterThanOrEqual(0.4);
  });

  it('reports a stream the server cuts short as an error', async () => {
    simulator.setModelBehaviour('gpt-4o-mini', { outputTokens: 40, fault: 'cut' });
    const result = await runStreamLatency({ target, streams: 2, concurrency: 1, warmupStreams: 0 });
    expect(result.errors).toBe(2);
    expect(result.firstError).toBeTruthy();
    simulator.setModelBehaviour('gpt-4o-mini', undefined);
  });
});
