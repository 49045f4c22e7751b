/**
 * The peer gateway: Portkey's open-source gateway, installed into a directory outside the repository
 * (never a project dependency) and pointed at the simulator per request with `x-portkey-provider:
 * openai` and `x-portkey-custom-host`. @hono/node-server is held at 1.13.5 through an npm override,
 * because the gateway's own range pulls a later version whose streaming is broken, and a plain
 * top-level install would leave that later copy nested under the gateway.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startChild } from '../process/child-process.js';
import { freePort } from '../process/free-port.js';
import { BENCH_UPSTREAM_MODEL } from '../tollgate-bench-config.js';
import { chatBody, type Contender } from './contender.js';
import { SIMULATOR_API_KEY } from './simulator-process.js';

export const PORTKEY_VERSION = '1.15.2';
export const HONO_NODE_SERVER_VERSION = '1.13.5';

const run = promisify(execFile);

export type PeerStart = { status: 'started'; contender: Contender } | { status: 'skipped'; reason: string };

/** Installs (or reuses an earlier install of) the pinned versions; the directory, or why it failed. */
export async function installPortkey(onProgress: (line: string) => void): Promise<{ directory: string } | { failure: string }> {
  const directory = path.join(os.tmpdir(), `tollgate-bench-peer-portkey-${PORTKEY_VERSION}-hono-${HONO_NODE_SERVER_VERSION}`);
  if ((await installedVersion(directory, '@portkey-ai/gateway')) === PORTKEY_VERSION && (await nestedHonoVersions(directory)).every((version) => version === HONO_NODE_SERVER_VERSION)) {
    onProgress(`peer: reusing the install in ${directory}`);
    return { directory };
  }
  await mkdir(directory, { recursive: true });
  const manifest = {
    name: 'tollgate-bench-peer',
    private: true,
    dependencies: { '@portkey-ai/gateway': PORTKEY_VERSION, '@hono/node-server': HONO_NODE_SERVER_VERSION },
    overrides: { '@hono/node-server': HONO_NODE_SERVER_VERSION },
  };
  await writeFile(path.join(directory, 'package.json'), JSON.stringify(manifest, null, 2));
  onProgress(`peer: npm install @portkey-ai/gateway@${PORTKEY_VERSION} @hono/node-server@${HONO_NODE_SERVER_VERSION} into ${directory}`);
  try {
    await run('npm', ['install', '--prefix', directory, '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel', 'error'], { cwd: directory, timeout: 300_000 });
  } catch (error) {
    const detail = error instanceof Error ? error.message.split('\n').slice(0, 6).join(' ') : String(error);
    return { failure: `npm install failed (no network, or the registry refused): ${detail}` };
  }
  const honoVersions = await nestedHonoVersions(directory);
  if (honoVersions.some((version) => version !== HONO_NODE_SERVER_VERSION)) {
    return { failure: `the install resolved @hono/node-server ${honoVersions.join(', ')} instead of ${HONO_NODE_SERVER_VERSION} only` };
  }
  return { directory };
}

async function installedVersion(directory: string, packageName: string): Promise<string | undefined> {
  try {
    const manifest: unknown = JSON.parse(await readFile(path.join(directory, 'node_modules', packageName, 'package.json'), 'utf8'));
    return typeof manifest === 'object' && manifest !== null && 'version' in manifest && typeof manifest.version === 'string' ? manifest.version : undefined;
  } catch {
    return undefined;
  }
}

/** Every copy of @hono/node-server in the install, top level and nested under the gateway. */
async function nestedHonoVersions(directory: string): Promise<string[]> {
  const candidates = [path.join(directory, 'node_modules'), path.join(directory, 'node_modules', '@portkey-ai', 'gateway', 'node_modules')];
  const versions: string[] = [];
  for (const modules of candidates) {
    if (!existsSync(path.join(modules, '@hono', 'node-server'))) continue;
    versions.push((await installedVersion(path.dirname(modules), '@hono/node-server')) ?? 'unknown');
  }
  return versions.length === 0 ? ['none'] : versions;
}

export async function startPortkey(simulatorUrl: string, onProgress: (line: string) => void): Promise<PeerStart> {
  const installed = await installPortkey(onProgress);
  if ('failure' in installed) return { status: 'skipped', reason: installed.failure };
  const port = await freePort();
  const entry = path.join(installed.directory, 'node_modules', '@portkey-ai', 'gateway', 'build', 'start-server.js');
  let child;
  try {
    child = await startChild({
      name: 'portkey gateway',
      command: process.execPath,
      args: [entry, `--port=${port}`, '--headless'],
      cwd: installed.directory,
      env: { ...process.env, NODE_ENV: 'production' },
      readyPattern: /Ready for connections/,
      readyTimeoutMs: 60_000,
    });
  } catch (error) {
    return { status: 'skipped', reason: `the gateway did not start: ${error instanceof Error ? error.message.slice(0, 300) : String(error)}` };
  }
  const origin = `http://127.0.0.1:${port}`;
  const headers = {
    'content-type': 'application/json',
    authorization: `Bearer ${SIMULATOR_API_KEY}`,
    'x-portkey-provider': 'openai',
    'x-portkey-custom-host': `${simulatorUrl}/v1`,
  };
  return {
    status: 'started',
    contender: {
      name: 'peer',
      label: `Portkey gateway ${PORTKEY_VERSION}`,
      origin,
      pid: child.pid,
      version: `@portkey-ai/gateway ${PORTKEY_VERSION}, @hono/node-server ${HONO_NODE_SERVER_VERSION}`,
      settings: {
        process: `NODE_ENV=production node build/start-server.js --port=${port} --headless`,
        routing: 'x-portkey-provider: openai, x-portkey-custom-host: <simulator>/v1 (no config, no cache, no retries)',
        install: `${installed.directory} (outside the repository; npm --ignore-scripts: its postinstall only runs patch-package, and it ships no patches)`,
      },
      chatTarget: (stream) => ({ origin, path: '/v1/chat/completions', headers, body: chatBody(BENCH_UPSTREAM_MODEL, stream) }),
      stop: () => child.stop(),
    },
  };
}
