/** Two gateway instances sharing Redis agree on a cooldown and on an open breaker. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type RunningGateway } from '../src/server/start-gateway.js';
import { startSimulator, type RunningSimulator } from '../src/sim/index.js';
import { makeTempDir } from './helpers/temp-dir.js';

const REDIS_URL = process.env.TOLLGATE_TEST_REDIS_URL ?? '';
if (!REDIS_URL) console.warn('shared-routing-state: skipped; set TOLLGATE_TEST_REDIS_URL (e.g. redis://127.0.0.1:6379) to run it');

describe.skipIf(!REDIS_URL)('routing state shared through Redis', () => {
  let sim: RunningSimulator;
  const gateways: RunningGateway[] = [];
  const temps = [makeTempDir(), makeTempDir()];

  beforeAll(async () => {
    sim = await startSimulator();
    const prefix = `tollgate-test-health-${process.pid}-${Date.now()}:`;
    for (const temp of temps) {
      gateways.push(
        await startGateway({
          env: {},
          logLevel: 'warn',
          config: {
            server: { port: 0 },
            storage: { url: `sqlite://${temp.path}/ledger.db` },
            ledger: { journalDir: `${temp.path}/journal` },
            redis: { url: REDIS_URL },
            routing: { redisKeyPrefix: prefix, breaker: { consecutiveFailures: 2, openMs: 60_000 } },
            providers: { primary: { type: 'openai', apiKey: 'sk', baseUrl: `${sim.url}/v1` }, backup: { type: 'openai', apiKey: 'sk', baseUrl: `${sim.url}/openai/v1` } },
            routes: {
              cooled: { targets: ['primary/gpt-4o', 'backup/gpt-4o-mini'] },
              breaking: { targets: ['primary/gpt-4.1', 'backup/gpt-4.1-mini'] },
            },
          },
        }),
      );
    }
  });

  afterAll(async () => {
    for (const gateway of gateways) await gateway.close();
    await sim.close();
    for (const temp of temps) temp.cleanup();
  });

  const chat = async (gateway: RunningGateway | undefined, model: string): Promise<string | null> => {
    const response = await fetch(`${gateway?.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'x' }] }),
    });
    await response.arrayBuffer();
    return response.headers.get('x-tollgate-provider');
  };

  it('a cooldown one instance learned is observed by the other', async () => {
    sim.setModelBehaviour('gpt-4o', { fault: 'rate_limit', retryAfterSeconds: 30 });
    expect(await chat(gateways[0], 'cooled')).toBe('backup');
    const calls = sim.stats().byModel['gpt-4o']?.requests ?? 0;
    sim.setModelBehaviour('gpt-4o', undefined);
    await expect.poll(async () => chat(gateways[1], 'cooled')).toBe('backup');
    expect(sim.stats().byModel['gpt-4o']?.requests ?? 0).toBe(calls);
  });

  it('a breaker one instance opened is open on the other', async () => {
    sim.setModelBehaviour('gpt-4.1', { fault: 'server_error' });
    await chat(gateways[0], 'breaking');
    await chat(gateways[0], 'breaking');
    const calls = sim.stats().byModel['gpt-4.1']?.requests ?? 0;
    sim.setModelBehaviour('gpt-4.1', undefined);
    await expect.poll(async () => chat(gateways[1], 'breaking')).toBe('backup');
    expect(sim.stats().byModel['gpt-4.1']?.requests ?? 0).toBe(calls);
  });
});
