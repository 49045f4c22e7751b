/**
 * Strict durability against a real hard kill: a child process appends in strict mode and is SIGKILLed;
 * every record it had acknowledged is in the store once a ledger reopens the journal.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../store/index.js';
import { createPostgresTestSchema, POSTGRES_TEST_URL, warnWhenPostgresIsSkipped } from '../store/test-fixtures/postgres-test-schema.js';
import { openLedger } from './index.js';
import { collectingLogger } from './test-fixtures/collecting-logger.js';

const CHILD_SCRIPT = fileURLToPath(new URL('./test-fixtures/strict-append-child.ts', import.meta.url));

interface KilledChild {
  /** The highest count the child reported as acknowledged before it died. */
  acknowledged: number;
  signal: NodeJS.Signals | null;
}

/** Runs the child and SIGKILLs it as soon as it has acknowledged `killAfter` records. */
function runAndKill(storeUrl: string, journalDir: string, count: number, flushIntervalMs: number, killAfter: number): Promise<KilledChild> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD_SCRIPT, storeUrl, journalDir, String(count), String(flushIntervalMs)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let acknowledged = 0;
  let output = '';
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => {
    errors += chunk.toString();
  });
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    for (const match of output.matchAll(/acknowledged (\d+)\n/g)) acknowledged = Math.max(acknowledged, Number(match[1]));
    if (acknowledged >= killAfter) child.kill('SIGKILL');
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve({ acknowledged, signal });
      else reject(new Error(`child exited with code ${code} before it was killed:\n${errors}`));
    });
  });
}

async function rowsAfterRestart(storeUrl: string, journalDir: string): Promise<{ before: number; after: number; ids: Set<string> }> {
  const store = await openStore(storeUrl);
  try {
    const count = async () => Number((await store.db.selectFrom('requests').select((expression) => expression.fn.countAll().as('count')).executeTakeFirstOrThrow()).count);
    const before = await count();
    const ledger = await openLedger({ store, durability: 'strict', flushIntervalMs: 50, journalDir, maxQueuedRecords: 10_000, logger: collectingLogger() });
    await ledger.close();
    const ids = new Set((await store.db.selectFrom('requests').select('id').execute()).map((row) => row.id));
    return { before, after: await count(), ids };
  } finally {
    await store.close();
  }
}

function sigkillSuite(prepareStoreUrl: () => Promise<{ url: string; cleanup(): Promise<void> }>): void {
  let journalDir = '';
  let storeUrl = '';
  let cleanupStore: () => Promise<void> = async () => {};

  beforeEach(async () => {
    journalDir = await mkdtemp(path.join(os.tmpdir(), 'tollgate-sigkill-'));
    const prepared = await prepareStoreUrl();
    storeUrl = prepared.url;
    cleanupStore = () => prepared.cleanup();
  });

  afterEach(async () => {
    await cleanupStore();
    await rm(journalDir, { recursive: true, force: true });
  });

  it('loses nothing acknowledged: every record is replayed from the journal alone', async () => {
    const killed = await runAndKill(storeUrl, journalDir, 60, 60_000, 60);
    expect(killed).toEqual({ acknowledged: 60, signal: 'SIGKILL' });
    const { before, after } = await rowsAfterRestart(storeUrl, journalDir);
    expect(before).toBe(0);
    expect(after).toBe(60);
  });

  it('loses nothing acknowledged when killed in the middle of appending and flushing', async () => {
    const killed = await runAndKill(storeUrl, journalDir, 2_000, 5, 200);
    expect(killed.acknowledged).toBeGreaterThanOrEqual(200);
    const { after, ids } = await rowsAfterRestart(storeUrl, journalDir);
    expect(after).toBeGreaterThanOrEqual(killed.acknowledged);
    expect(after).toBeLessThanOrEqual(2_000);
    for (let index = 0; index < killed.acknowledged; index++) expect(ids.has(`killed-${index}`)).toBe(true);
  });
}

describe('strict durability under SIGKILL, SQLite', () => {
  sigkillSuite(async () => {
    const directory = await mkdtemp(path.join(os.tmpdir(), 'tollgate-sigkill-store-'));
    return { url: `sqlite://${path.join(directory, 'tollgate.db')}`, cleanup: () => rm(directory, { recursive: true, force: true }) };
  });
});

warnWhenPostgresIsSkipped('strict-sigkill.test.ts');
describe.skipIf(!POSTGRES_TEST_URL)('strict durability under SIGKILL, Postgres', () => {
  sigkillSuite(async () => {
    const schema = createPostgresTestSchema('sigkill');
    return { url: schema.url, cleanup: () => schema.drop() };
  });
});
