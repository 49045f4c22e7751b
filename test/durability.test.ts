/**
 * DESIGN.md's guarantees, with real signals: N acknowledged requests then SIGTERM → N ledger rows;
 * `ledger.durability: strict` then SIGKILL → N rows after the journal is replayed.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLedger } from '../src/ledger/index.js';
import { startSimulator, type RunningSimulator } from '../src/sim/index.js';
import { openStore } from '../src/store/index.js';
import { countRequests } from '../src/store/ledger-queries.js';
import { spawnGateway } from './helpers/spawn-gateway.js';
import { makeTempDir } from './helpers/temp-dir.js';

const REQUESTS = 40;
let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator();
});

afterAll(async () => {
  await sim.close();
});

function writeConfig(dir: string, durability: 'batched' | 'strict'): string {
  const path = join(dir, 'tollgate.yaml');
  writeFileSync(
    path,
    [
      'server: { port: 0 }',
      `storage: { url: "sqlite://${dir}/ledger.db" }`,
      `ledger: { durability: ${durability}, journalDir: "${dir}/journal" }`,
      'providers:',
      `  openai: { type: openai, apiKey: "\${SIM_KEY:-sk-sim}", baseUrl: "${sim.url}/v1" }`,
    ].join('\n'),
  );
  return path;
}

async function sendRequests(url: string, count: number): Promise<void> {
  const responses = await Promise.all(
    Array.from({ length: count }, (_unused, index) =>
      fetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'openai/gpt-4o-mini', stream: index % 2 === 0, messages: [{ role: 'user', content: `request ${index}` }] }),
      }).then(async (response) => {
        await response.text();
        return response.status;
      }),
    ),
  );
  expect(responses.every((status) => status === 200)).toBe(true);
}

async function countRows(dir: string): Promise<number> {
  const store = await openStore(`sqlite://${dir}/ledger.db`);
  // Opening a ledger replays whatever the journal holds, as the next start would.
  const ledger = await openLedger({ store, durability: 'batched', flushIntervalMs: 50, journalDir: join(dir, 'journal'), maxQueuedRecords: 10_000 });
  await ledger.close();
  const count = await countRequests(store);
  await store.close();
  return count;
}

describe('durability', () => {
  it('SIGTERM drains and flushes: every acknowledged request has its row', async () => {
    const temp = makeTempDir();
    const gateway = await spawnGateway(['serve', '--config', writeConfig(temp.path, 'batched')]);
    await sendRequests(gateway.url, REQUESTS);
    gateway.child.kill('SIGTERM');
    const exit = await gateway.exited;
    expect(exit.code).toBe(0);
    const store = await openStore(`sqlite://${temp.path}/ledger.db`);
    expect(await countRequests(store)).toBe(REQUESTS);
    await store.close();
    temp.cleanup();
  });

  it('strict durability survives SIGKILL: nothing acknowledged is lost', async () => {
    const temp = makeTempDir();
    const gateway = await spawnGateway(['serve', '--config', writeConfig(temp.path, 'strict')]);
    await sendRequests(gateway.url, REQUESTS);
    gateway.child.kill('SIGKILL');
    const exit = await gateway.exited;
    expect(exit.signal).toBe('SIGKILL');
    expect(await countRows(temp.path)).toBe(REQUESTS);
    temp.cleanup();
  });
});
