/**
 * A simulator and a gateway for the usage tests, with a clock the test sets: each request is stamped at
 * the chosen time plus the real time elapsed since it was set, so records land in chosen hours and still
 * carry real latencies. The store is SQLite in a temp dir or a Postgres URL.
 */
import { startGateway, type RunningGateway } from '../../src/server/start-gateway.js';
import { startSimulator, type RunningSimulator } from '../../src/sim/index.js';
import { makeTempDir } from './temp-dir.js';

export const ADMIN_KEY = 'usage-admin-key';

export interface SettableClock {
  now(): number;
  set(epochMs: number): void;
}

export function settableClock(startMs: number): SettableClock {
  let base = startMs;
  let setAt = performance.now();
  return {
    now: () => base + Math.floor(performance.now() - setAt),
    set(epochMs: number) {
      base = epochMs;
      setAt = performance.now();
    },
  };
}

export interface UsageStack {
  sim: RunningSimulator;
  gateway: RunningGateway;
  clock: SettableClock;
  dir: string;
  /** One chat completion through the gateway; returns what the client saw. */
  chat(request: ChatCall): Promise<ChatResult>;
  /** GET an admin usage endpoint and parse the JSON. */
  getJson(path: string, adminKey?: string | null): Promise<{ status: number; body: unknown }>;
  postJson(path: string, body: unknown, adminKey?: string | null): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
}

export interface ChatCall {
  model: string;
  prompt: string;
  system?: string;
  user?: string;
  feature?: string;
  task?: string;
  tags?: string[];
  headers?: Record<string, string>;
}

export interface ChatResult {
  status: number;
  requestId: string;
  costUsd: string | null;
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
  servedModel: string | null;
  provider: string | null;
}

export async function startUsageStack(options: { storageUrl?: string; startMs: number; config?: Record<string, unknown> }): Promise<UsageStack> {
  const temp = makeTempDir('tollgate-usage-');
  const sim = await startSimulator({});
  const clock = settableClock(options.startMs);
  const config = {
    server: { port: 0, adminKey: ADMIN_KEY, shutdownGraceMs: 5_000 },
    storage: { url: options.storageUrl ?? `sqlite://${temp.path}/tollgate.db` },
    ledger: { journalDir: `${temp.path}/journal`, flushIntervalMs: 50 },
    providers: {
      openai: { type: 'openai', apiKey: 'sk-test', baseUrl: `${sim.url}/v1` },
      anthropic: { type: 'anthropic', apiKey: 'sk-ant-test', baseUrl: `${sim.url}/anthropic` },
    },
    routes: { smart: { strategy: 'fallback', targets: ['openai/gpt-4o', 'anthropic/claude-sonnet-4-5'] } },
    features: { summarize: {}, chat: {}, search: {} },
    ...options.config,
  };
  const gateway = await startGateway({ config, env: {}, logLevel: 'warn', now: clock.now });
  const authorization = (adminKey: string | null | undefined): Record<string, string> =>
    adminKey === null ? {} : { authorization: `Bearer ${adminKey ?? ADMIN_KEY}` };

  return {
    sim,
    gateway,
    clock,
    dir: temp.path,
    async chat(call: ChatCall): Promise<ChatResult> {
      const headers: Record<string, string> = { 'content-type': 'application/json', ...call.headers };
      if (call.user) headers['x-tollgate-user'] = call.user;
      if (call.feature) headers['x-tollgate-feature'] = call.feature;
      if (call.task) headers['x-tollgate-task'] = call.task;
      if (call.tags) headers['x-tollgate-tags'] = call.tags.join(',');
      const messages = [...(call.system ? [{ role: 'system', content: call.system }] : []), { role: 'user', content: call.prompt }];
      const response = await fetch(`${gateway.url}/v1/chat/completions`, { method: 'POST', headers, body: JSON.stringify({ model: call.model, messages }) });
      const body = (await response.json()) as {
        usage?: { prompt_tokens?: number; completion_tokens?: number; prompt_tokens_details?: { cached_tokens?: number } };
      };
      return {
        status: response.status,
        requestId: response.headers.get('x-tollgate-request-id') ?? '',
        costUsd: response.headers.get('x-tollgate-cost-usd'),
        promptTokens: body.usage?.prompt_tokens ?? 0,
        completionTokens: body.usage?.completion_tokens ?? 0,
        cachedTokens: body.usage?.prompt_tokens_details?.cached_tokens ?? 0,
        servedModel: response.headers.get('x-tollgate-model'),
        provider: response.headers.get('x-tollgate-provider'),
      };
    },
    async getJson(path: string, adminKey?: string | null) {
      const response = await fetch(`${gateway.url}${path}`, { headers: authorization(adminKey) });
      return { status: response.status, body: await response.json() };
    },
    async postJson(path: string, body: unknown, adminKey?: string | null) {
      const response = await fetch(`${gateway.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...authorization(adminKey) },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: await response.json() };
    },
    async close() {
      await gateway.close();
      await sim.close();
      temp.cleanup();
    },
  };
}

/** Resolves once the store holds `count` requests (the ledger flushes in the background). */
export async function waitForStoredRequests(read: () => Promise<number>, count: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const stored = await read().catch(() => -1);
    if (stored === count) return;
    if (stored > count) throw new Error(`the store holds ${stored} requests, more than the ${count} sent`);
    if (Date.now() > deadline) throw new Error(`the store holds ${stored} of ${count} requests after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
