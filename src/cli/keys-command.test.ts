/** `tollgate keys` against a real SQLite store: create, list, show, rotate, revoke, with tables and --json. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreKeyService } from '../keys/key-service.js';
import { openStore } from '../store/index.js';
import type { Store } from '../store/index.js';
import { keysCommand } from './keys-command.js';

describe('tollgate keys', () => {
  let directory: string;
  let storageUrl: string;
  // A second connection to the same file, as a running gateway would hold while an admin uses the CLI.
  let gatewayStore: Store;

  beforeAll(async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), 'tollgate-keys-cli-'));
    storageUrl = `sqlite://${path.join(directory, 'tollgate.db')}`;
    gatewayStore = await openStore(storageUrl);
  });
  afterAll(async () => {
    await gatewayStore.close();
    await rm(directory, { recursive: true, force: true });
  });

  async function run(...args: string[]): Promise<string> {
    let text = '';
    await keysCommand({ write: (chunk) => (text += chunk) }).parseAsync(args, { from: 'user' });
    return text;
  }

  async function verify(secret: string): Promise<string> {
    return (await new StoreKeyService(gatewayStore, { cacheTtlMs: 0 }).verify(secret)).status;
  }

  it('creates a key, prints its secret once, and lists it without', async () => {
    const created = JSON.parse(
      await run('create', '--storage-url', storageUrl, '--json', '--name', 'batch job', '--user', 'u1', '--team', 'data', '--tags', 'nightly, eu', '--routes', 'economy', '--budget', '12.5', '--budget-period', '7d', '--max-cost', '0.05', '--rpm', '30'),
    ) as { key: string; id: string };
    expect(created).toMatchObject({ name: 'batch job', user: 'u1', team: 'data', tags: ['nightly', 'eu'], routes: ['economy'], budgetUsd: '12.5', budgetPeriod: '7d', maxCostPerRequest: '0.05', rpm: 30, status: 'active' });
    expect(await verify(created.key)).toBe('valid');

    const table = await run('list', '--storage-url', storageUrl);
    expect(table).toContain(created.id);
    expect(table).toContain('$12.5/7d');
    expect(table).toContain('30 rpm, $0.05/req');
    expect(table).not.toContain(created.key.slice(12));
    const listed = JSON.parse(await run('list', '--storage-url', storageUrl, '--json')) as Array<Record<string, unknown>>;
    expect(JSON.stringify(listed)).not.toContain(created.key.slice(12));
    expect(await run('show', created.id, '--storage-url', storageUrl)).toContain('batch job');
  });

  it('prints the secret for people with the warning, rotates with a grace period and revokes', async () => {
    const text = await run('create', '--storage-url', storageUrl, '--user', 'u2');
    const secret = /tg_\S+/.exec(text)?.[0] ?? '';
    const id = /key_\w+/.exec(text)?.[0] ?? '';
    expect(text).toContain('cannot show it again');
    const rotated = JSON.parse(await run('rotate', id, '--grace', '1h', '--storage-url', storageUrl, '--json')) as { key: string; previousPrefix: string };
    expect(rotated.previousPrefix).toBe(secret.slice(0, 11));
    expect(await verify(secret)).toBe('valid');
    expect(await verify(rotated.key)).toBe('valid');
    expect(await run('revoke', id, '--storage-url', storageUrl)).toContain(`Revoked ${id}`);
    expect(await verify(rotated.key)).toBe('revoked');
    expect(await run('list', '--storage-url', storageUrl)).not.toContain(id);
    expect(await run('list', '--all', '--storage-url', storageUrl)).toContain('revoked');
    await expect(run('rotate', id, '--storage-url', storageUrl)).rejects.toThrow(/no live key/);
  });

  it('finds the store through --config', async () => {
    const configPath = path.join(directory, 'tollgate.yaml');
    await writeFile(configPath, `storage:\n  url: ${storageUrl}\n`);
    expect(await run('list', '--config', configPath, '--all')).toContain('batch job');
  });

  it('refuses bad amounts and periods before touching the store', async () => {
    const command = keysCommand({ write: () => undefined }).exitOverride();
    for (const sub of command.commands) sub.exitOverride().configureOutput({ writeErr: () => undefined });
    await expect(command.parseAsync(['create', '--storage-url', storageUrl, '--budget', 'ten'], { from: 'user' })).rejects.toThrow(/not a positive USD amount/);
    await expect(command.parseAsync(['create', '--storage-url', storageUrl, '--budget', '5', '--budget-period', 'fortnight'], { from: 'user' })).rejects.toThrow(/not a budget period/);
  });
});
