/**
 * Tollgate in its production shape, in its own process: `node --enable-source-maps dist/cli.js serve`
 * (what `npm start` runs) with the benchmark config written to a temporary tollgate.yaml, a SQLite
 * ledger in the same directory, and a virtual key issued beforehand.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import { startChild } from '../process/child-process.js';
import { BENCH_ROUTE, tollgateBenchSetup, type TollgateBenchSetup } from '../tollgate-bench-config.js';
import { chatBody, type Contender } from './contender.js';
import { TOLLGATE_CLI } from './dist-paths.js';
import { issueBenchKey } from './issue-bench-key.js';

export interface TollgateContender extends Contender {
  setup: TollgateBenchSetup;
  /** The gateway's SQLite ledger. */
  databaseFile: string;
  /** The virtual key's secret (sent as Bearer). */
  keySecret: string;
}

export interface TollgateStartOptions {
  simulatorUrl: string;
  /** A fresh directory for the config, the SQLite file and the journal. */
  directory: string;
  version: string;
  /** Writes a V8 CPU profile into this directory when the process exits. */
  cpuProfileDirectory?: string;
}

export async function startTollgateProcess(options: TollgateStartOptions): Promise<TollgateContender> {
  const adminKey = `bench-admin-${randomBytes(12).toString('hex')}`;
  const setup = tollgateBenchSetup({ simulatorUrl: options.simulatorUrl, directory: options.directory, adminKey });
  await mkdir(options.directory, { recursive: true });
  const configFile = path.join(options.directory, 'tollgate.yaml');
  await writeFile(configFile, stringify(setup.config));
  const storageUrl = `sqlite://${options.directory}/tollgate.db`;
  const key = await issueBenchKey(storageUrl, setup.key);
  const nodeFlags = ['--enable-source-maps', ...(options.cpuProfileDirectory ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDirectory}`] : [])];
  const child = await startChild({
    name: 'tollgate',
    command: process.execPath,
    args: [...nodeFlags, TOLLGATE_CLI, 'serve', '--config', configFile, '--port', '0'],
    readyPattern: /listening on (http:\/\/[^\s]+)/,
    readyTimeoutMs: 90_000,
  });
  const origin = child.ready[1] ?? '';
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${key.secret}`, ...setup.attributionHeaders };
  return {
    name: 'tollgate',
    label: 'Tollgate',
    origin,
    pid: child.pid,
    version: options.version,
    settings: {
      process: `node ${nodeFlags.join(' ')} dist/cli.js serve --config tollgate.yaml`,
      route: `${BENCH_ROUTE} (fallback, 1 target)`,
      'log level': 'info (the default; request logging is off in Tollgate)',
    },
    metricsOrigin: origin,
    chatTarget: (stream) => ({ origin, path: '/v1/chat/completions', headers, body: chatBody(BENCH_ROUTE, stream) }),
    stop: () => child.stop(30_000),
    setup,
    databaseFile: path.join(options.directory, 'tollgate.db'),
    keySecret: key.secret,
  };
}
