/**
 * Config reload swaps routes without dropping a request: under load, in process; a bad config is
 * refused with its errors and the running one kept; and SIGHUP / a file change do the same for
 * the real command.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../src/config/config-error.js';
import { startGateway } from '../src/server/start-gateway.js';
import { startSimulator, type RunningSimulator } from '../src/sim/index.js';
import { spawnGateway } from './helpers/spawn-gateway.js';
import { makeTempDir } from './helpers/temp-dir.js';

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator({ latency: { ttftMs: 20 } });
});

afterAll(async () => {
  await sim.close();
});

function writeConfig(path: string, dir: string, mainTarget: string, extra = ''): void {
  writeFileSync(
    path,
    [
      'server: { port: 0 }',
      `storage: { url: "sqlite://${dir}/ledger.db" }`,
      `ledger: { journalDir: "${dir}/journal" }`,
      'providers:',
      `  openai: { type: openai, apiKey: sk-sim, baseUrl: "${sim.url}/v1" }`,
      'routes:',
      `  main: { targets: [${mainTarget}] }`,
      extra,
    ].join('\n'),
  );
}

async function servedModel(url: string): Promise<{ status: number; model: string | null }> {
  const response = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'main', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }),
  });
  await response.arrayBuffer();
  return { status: response.status, model: response.headers.get('x-tollgate-model') };
}

describe('config reload in process', () => {
  it('swaps a route under load with zero failed requests', async () => {
    const temp = makeTempDir();
    const path = join(temp.path, 'tollgate.yaml');
    writeConfig(path, temp.path, 'openai/gpt-4o');
    const gateway = await startGateway({ configPath: path, env: {}, logLevel: 'warn' });
    try {
      let running = true;
      const results: Array<{ status: number; model: string | null }> = [];
      const workers = Array.from({ length: 8 }, async () => {
        while (running) results.push(await servedModel(gateway.url));
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      writeConfig(path, temp.path, 'openai/gpt-4o-mini');
      const result = await gateway.reload(path);
      expect(result.needsRestart).toEqual([]);
      await new Promise((resolve) => setTimeout(resolve, 300));
      running = false;
      await Promise.all(workers);
      expect(results.length).toBeGreaterThan(20);
      expect(results.filter((entry) => entry.status !== 200)).toEqual([]);
      expect(results[0]?.model).toMatch(/^gpt-4o-2/);
      expect(results.at(-1)?.model).toMatch(/^gpt-4o-mini/);
    } finally {
      await gateway.close();
      temp.cleanup();
    }
  });

  it('refuses a bad config with its errors and keeps serving the old one; reports sections that need a restart', async () => {
    const temp = makeTempDir();
    const path = join(temp.path, 'tollgate.yaml');
    writeConfig(path, temp.path, 'openai/gpt-4o');
    const gateway = await startGateway({ configPath: path, env: {}, logLevel: 'warn' });
    try {
      writeConfig(path, temp.path, 'opneai/gpt-4o-mini');
      const error = await gateway.reload(path).catch((thrown: unknown) => thrown);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems[0]).toMatch(/routes\.main\.targets\[0\]: unknown provider "opneai" \(did you mean "openai"\?\)/);
      expect((await servedModel(gateway.url)).model).toMatch(/^gpt-4o-2/);
      writeConfig(path, temp.path, 'openai/gpt-4o-mini', 'budgetTimeZone: Europe/Berlin');
      const result = await gateway.reload(path);
      expect(result.needsRestart).toEqual(['budgetTimeZone']);
      expect((await servedModel(gateway.url)).model).toMatch(/^gpt-4o-mini/);
    } finally {
      await gateway.close();
      temp.cleanup();
    }
  });
});

describe('config reload of the running command', () => {
  it('reloads on SIGHUP and when the file changes', async () => {
    const temp = makeTempDir();
    const path = join(temp.path, 'tollgate.yaml');
    writeConfig(path, temp.path, 'openai/gpt-4o');
    const gateway = await spawnGateway(['serve', '--config', path]);
    try {
      expect((await servedModel(gateway.url)).model).toMatch(/^gpt-4o-2/);
      writeConfig(path, temp.path, 'openai/gpt-4o-mini');
      gateway.child.kill('SIGHUP');
      await expect.poll(async () => (await servedModel(gateway.url)).model, { timeout: 5000 }).toMatch(/^gpt-4o-mini/);
      expect(gateway.stderr()).toMatch(/config reloaded/);
      writeConfig(path, temp.path, 'openai/gpt-4.1-nano');
      await expect.poll(async () => (await servedModel(gateway.url)).model, { timeout: 8000 }).toMatch(/^gpt-4\.1-nano/);
    } finally {
      gateway.child.kill('SIGTERM');
      await gateway.exited;
      temp.cleanup();
    }
  });
});
