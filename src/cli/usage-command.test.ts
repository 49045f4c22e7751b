import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replyError } from '../server/reply-error.js';
import { registerUsageRoutes } from '../server/routes/usage-routes.js';
import { openStore } from '../store/index.js';
import type { Store } from '../store/store.js';
import { sampleLedgerRecord } from '../store/test-fixtures/sample-ledger-record.js';
import { runUsageReport } from './usage-command.js';

const NOW = Date.parse('2025-03-02T00:00:00Z');
let directory: string;
let configPath: string;
let store: Store;
let gateway: FastifyInstance;
let gatewayUrl: string;

beforeAll(async () => {
  directory = await mkdtemp(path.join(os.tmpdir(), 'tollgate-usage-cli-'));
  const databasePath = path.join(directory, 'cli.db');
  configPath = path.join(directory, 'tollgate.yaml');
  await writeFile(configPath, `storage:\n  url: sqlite://${databasePath}\n`);
  store = await openStore(`sqlite://${databasePath}`);
  await store.insertLedgerRecords([
    sampleLedgerRecord('cli-1', { user: 'alice', createdAt: new Date(NOW - 3 * 3_600_000) }),
    sampleLedgerRecord('cli-2', { user: 'bob, the "builder"', createdAt: new Date(NOW - 2 * 3_600_000), tokens: { input: 10, inputNoCache: 10, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0, output: 400, outputText: 400, reasoning: 0 } }),
  ]);
  gateway = Fastify();
  gateway.setErrorHandler((error, request, reply) => replyError(request, reply, error));
  registerUsageRoutes(gateway, () => ({ store, adminKey: 'cli-admin', now: () => NOW }));
  gatewayUrl = await gateway.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await gateway.close();
  await store.close();
  await rm(directory, { recursive: true, force: true });
});

describe('tollgate usage', () => {
  it('reads the store in the config and prints JSON, the same the gateway answers with --url', async () => {
    const options = { from: '1d', groupBy: 'user', json: true };
    const fromStore = JSON.parse(await runUsageReport('usage', { ...options, config: configPath }, NOW)) as { rows: Array<{ user: string; requests: number }>; total: { cost_usd: string } };
    expect(fromStore.rows.map((row) => [row.user, row.requests])).toEqual([['alice', 1], ['bob, the "builder"', 1]]);
    expect(fromStore.total.cost_usd).toBe('0.00204');
    const fromGateway = JSON.parse(await runUsageReport('usage', { ...options, url: gatewayUrl, adminKey: 'cli-admin' }, NOW)) as unknown;
    expect(fromGateway).toEqual(fromStore);
  });

  it('prints a table with a total row and the notes', async () => {
    const table = await runUsageReport('usage', { config: configPath, from: '2025-03-01T00:00:00Z', to: '2025-03-02T00:00:00Z', groupBy: 'user', interval: 'day' }, NOW);
    const lines = table.split('\n');
    expect(lines[0]).toMatch(/^period\s+user\s+requests\s+errors\s+input\s+cache read\s+output\s+cost usd\s+savings usd\s+p50 ms\s+p95 ms$/);
    expect(lines.find((line) => line.startsWith('total'))).toMatch(/total\s+2\s+0\s+10010\s+8000\s+600\s+0\.00204/);
    expect(table).toMatch(/\* latency_ms p50\/p95 are approximate/);
  });

  it('prints CSV with quoting, and the tasks and output-token reports', async () => {
    const csv = await runUsageReport('output-tokens', { config: configPath, from: '1d', csv: true, groupBy: 'user' }, NOW);
    expect(csv.split('\r\n')).toEqual(['user,requests,mean,p50,p95,max,variance', 'alice,1,200,200,200,200,0', '"bob, the ""builder""",1,400,400,400,400,0', '']);
    const tasks = await runUsageReport('tasks', { config: configPath, from: '1d', csv: true }, NOW);
    expect(tasks.split('\r\n')[1]).toBe('1,0,0,1,2,0.00204,-');
  });

  it('passes the gateway’s error on, and refuses a malformed --filter', async () => {
    await expect(runUsageReport('usage', { url: gatewayUrl, adminKey: 'wrong' }, NOW)).rejects.toThrow(/answered 401: wrong admin key/);
    await expect(runUsageReport('usage', { url: gatewayUrl, adminKey: 'cli-admin', groupBy: 'colour' }, NOW)).rejects.toThrow(/answered 400: group_by/);
    await expect(runUsageReport('usage', { config: configPath, filter: ['user'] }, NOW)).rejects.toThrow(/not dimension=values/);
  });
});
