/**
 * Starts the provider simulator and a gateway pointed at it, each on a free port, with a SQLite
 * ledger in a temp dir; tests drive them over real HTTP with the official clients.
 */
import OpenAI from 'openai';
import { startGateway, type RunningGateway } from '../../src/server/start-gateway.js';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../src/sim/index.js';
import { makeTempDir } from './temp-dir.js';

export interface Stack {
  sim: RunningSimulator;
  gateway: RunningGateway;
  openai: OpenAI;
  dir: string;
  close(): Promise<void>;
}

export interface StackOptions {
  sim?: SimulatorOptions;
  /** Config sections merged over the defaults; `providers` and `routes` may use SIM_URL in strings. */
  config?: (simUrl: string, dir: string) => Record<string, unknown>;
  env?: Record<string, string>;
}

export function defaultStackConfig(simUrl: string, dir: string): Record<string, unknown> {
  return {
    server: { port: 0, sseKeepAliveMs: 15_000, shutdownGraceMs: 5_000 },
    storage: { url: `sqlite://${dir}/tollgate.db` },
    ledger: { journalDir: `${dir}/journal`, flushIntervalMs: 50 },
    providers: {
      openai: { type: 'openai', apiKey: 'sk-test', baseUrl: `${simUrl}/v1` },
      backup: { type: 'openai', apiKey: 'sk-test', baseUrl: `${simUrl}/openai/v1` },
    },
    routes: {
      smart: { strategy: 'fallback', targets: ['openai/gpt-4o', 'backup/gpt-4o-mini'] },
    },
  };
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const temp = makeTempDir();
  const sim = await startSimulator(options.sim ?? {});
  const base = defaultStackConfig(sim.url, temp.path);
  const config = { ...base, ...(options.config?.(sim.url, temp.path) ?? {}) };
  const gateway = await startGateway({ config, env: options.env ?? {}, logLevel: 'warn' });
  const openai = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused-in-open-mode', maxRetries: 0 });
  return {
    sim,
    gateway,
    openai,
    dir: temp.path,
    async close() {
      await gateway.close();
      await sim.close();
      temp.cleanup();
    },
  };
}
