/**
 * Postgres goes away mid-traffic and comes back: requests keep succeeding (the ledger spills to its journal
 * and replays), and afterwards every acknowledged request has exactly one ledger record and counts once in
 * the usage rollups. This stops and starts the machine's own cluster with pg_ctlcluster, so it runs only
 * against a local Postgres it can control, and always starts the cluster again.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { formatUsd, parseUsd } from '../src/core/money.js';
import { createPostgresTestSchema, POSTGRES_TEST_URL } from '../src/store/test-fixtures/postgres-test-schema.js';
import { startUsageStack, type UsageStack } from './helpers/usage-stack.js';

const run = promisify(execFile);
const CLUSTER_NAME = 'main';

/** The cluster to stop, or why this test cannot run here. */
function localCluster(): { version: string } | { skip: string } {
  if (!POSTGRES_TEST_URL) return { skip: 'set TOLLGATE_TEST_POSTGRES_URL (e.g. postgres://postgres@127.0.0.1:5432/test) to run it' };
  const host = new URL(POSTGRES_TEST_URL).hostname;
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host)) return { skip: `TOLLGATE_TEST_POSTGRES_URL points at ${host}, not at a cluster on this machine` };
  if (!existsSync('/usr/bin/pg_ctlcluster') || !existsSync('/etc/postgresql')) return { skip: 'pg_ctlcluster is not installed here' };
  if (process.getuid?.() !== 0) return { skip: 'stopping the cluster needs root (pg_ctlcluster)' };
  const version = readdirSync('/etc/postgresql').sort().at(-1);
  return version ? { version } : { skip: 'no cluster under /etc/postgresql' };
}

const cluster = localCluster();
if ('skip' in cluster) console.warn(`usage-postgres-outage.test.ts: skipped: ${cluster.skip}`);

async function controlCluster(version: string, action: 'stop' | 'start'): Promise<void> {
  const args = ['--skip-systemctl-redirect', version, CLUSTER_NAME, action, ...(action === 'stop' ? ['--mode=fast'] : [])];
  await run('pg_ctlcluster', args, { timeout: 60_000 });
}

async function waitForPostgres(timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new pg.Client({ connectionString: POSTGRES_TEST_URL, connectionTimeoutMillis: 1_000 });
    try {
      await client.connect();
      await client.query('select 1');
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`Postgres did not come back within ${timeoutMs} ms`, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 200));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

interface Acknowledged {
  id: string;
  costUsd: string;
}

describe.skipIf('skip' in cluster)('a Postgres outage mid-traffic', () => {
  const version = 'version' in cluster ? cluster.version : '';
  let schema: ReturnType<typeof createPostgresTestSchema> | undefined;
  let stack: UsageStack | undefined;

  afterAll(async () => {
    // Whatever happened above, the machine's cluster is running again before anything else needs it.
    await controlCluster(version, 'start').catch(() => undefined);
    await waitForPostgres(60_000);
    await stack?.close();
    await schema?.drop();
  });

  it('keeps answering, then holds exactly one ledger record per acknowledged request', async () => {
    schema = createPostgresTestSchema('outage');
    stack = await startUsageStack({ storageUrl: schema.url, startMs: Date.now() });
    const running = stack;
    const acknowledged: Acknowledged[] = [];
    const failures: string[] = [];
    let isSending = true;
    const sender = async (worker: number): Promise<void> => {
      for (let index = 0; isSending; index++) {
        const result = await running.chat({ model: 'openai/gpt-4o-mini', prompt: `worker ${worker} request ${index}`, user: `user-${worker}`, feature: 'chat', task: `task-${worker}-${index % 3}` });
        if (result.status === 200 && result.costUsd) acknowledged.push({ id: result.requestId, costUsd: result.costUsd });
        else failures.push(`${result.status} ${result.requestId}`);
      }
    };
    const senders = [0, 1, 2, 3].map(sender);
    try {
      const waitFor = async (condition: () => boolean): Promise<void> => {
        while (!condition()) await new Promise((resolve) => setTimeout(resolve, 20));
      };
      await waitFor(() => acknowledged.length >= 40);
      await controlCluster(version, 'stop');
      const atStop = acknowledged.length;
      await waitFor(() => acknowledged.length >= atStop + 80);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(running.gateway.context.ledger.stats().spilledOnDisk).toBeGreaterThan(0);
      await controlCluster(version, 'start');
      await waitForPostgres(60_000);
      const atStart = acknowledged.length;
      await waitFor(() => acknowledged.length >= atStart + 40);
    } finally {
      isSending = false;
      await Promise.all(senders);
      await controlCluster(version, 'start').catch(() => undefined);
    }
    expect(failures).toEqual([]);

    // The journal is replayed with backoff (at most 30 s between tries): wait for every record.
    const store = running.gateway.store;
    const deadline = Date.now() + 90_000;
    let storedIds: string[] = [];
    while (Date.now() < deadline) {
      storedIds = await store.db.selectFrom('requests').select('id').execute().then((rows) => rows.map((row) => row.id), () => storedIds);
      if (storedIds.length >= acknowledged.length && running.gateway.context.ledger.stats().spilledOnDisk === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(storedIds.length).toBe(acknowledged.length);
    expect(new Set(storedIds)).toEqual(new Set(acknowledged.map((entry) => entry.id)));

    const from = new Date(Date.now() - 3_600_000).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    const { body } = await running.getJson(`/v1/usage?from=${from}&to=${to}`);
    const total = (body as { total: { requests: number; cost_usd: string } }).total;
    expect(total.requests).toBe(acknowledged.length);
    expect(total.cost_usd).toBe(formatUsd(acknowledged.reduce((sum, entry) => sum + parseUsd(entry.costUsd), 0n)));
  }, 240_000);
});
