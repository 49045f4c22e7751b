/**
 * Assembles a running gateway from a config: store and ledger, price book, providers, router,
 * HTTP server; and takes it down in the right order (drain, then flush, then close).
 */
import type { FastifyInstance } from 'fastify';
import { demoConfig } from '../config/demo-config.js';
import { loadConfigFile, validateConfig } from '../config/load-config.js';
import type { TollgateConfig } from '../config/schema.js';
import { openLedger, type Ledger } from '../ledger/index.js';
import { OutputTokenStats } from '../pricing/index.js';
import { UpstreamClient } from '../providers/http/upstream-client.js';
import { providerTypes } from '../providers/registry.js';
import { createRoutingRuntime } from '../routing/routing-runtime.js';
import { routingRuntimeOptions } from './routing-options.js';
import { buildRoutingParts } from './build-routing-parts.js';
import { reloadContext, type ReloadResult } from './reload-config.js';
import { startSimulator, type RunningSimulator } from '../sim/index.js';
import { openStore, type Store } from '../store/index.js';
import { startRetentionJob, type RetentionJob } from '../store/usage/retention.js';
import { startGatewayTelemetry, type GatewayTelemetry } from '../telemetry/gateway-telemetry.js';
import { buildGatewayPolicy, type GatewayPolicy } from './admission/gateway-policy.js';
import { buildApp } from './app.js';
import { VolumeCounters } from './volume-counters.js';
import type { GatewayContext, Lifecycle } from './gateway-context.js';

export interface StartOptions {
  /** A config file; when absent and `config` is absent too, demo mode. */
  configPath?: string;
  /** A config tree (tests), validated like a file. */
  config?: unknown;
  port?: number;
  host?: string;
  env?: Readonly<Record<string, string | undefined>>;
  logLevel?: string;
  now?: () => number;
}

export interface RunningGateway {
  url: string;
  port: number;
  host: string;
  config: TollgateConfig;
  context: GatewayContext;
  /** The in-process simulator in demo mode. */
  simulator: RunningSimulator | undefined;
  app: FastifyInstance;
  store: Store;
  /**
   * Applies a new config (a file path, or a config tree) to new requests; throws a ConfigError and
   * changes nothing when it is invalid. See reload-config.ts for what needs a restart.
   */
  reload(next: string | unknown): Promise<ReloadResult>;
  /** The context new requests get (it changes on reload; `context` is the one the gateway started with). */
  readonly liveContext: GatewayContext;
  /** Stops taking requests, waits for in-flight ones (up to the grace period), flushes the ledger, closes. */
  close(): Promise<void>;
}

export async function startGateway(options: StartOptions = {}): Promise<RunningGateway> {
  const env = options.env ?? process.env;
  const types = providerTypes();
  let simulator: RunningSimulator | undefined;
  let config: TollgateConfig;
  if (options.config !== undefined) {
    config = validateConfig(options.config, { env, providerTypes: types, source: 'config' });
  } else if (options.configPath !== undefined) {
    config = await loadConfigFile(options.configPath, { env, providerTypes: types });
  } else {
    simulator = await startSimulator({ latency: { ttftMs: 150, tokensPerSecond: 80 } });
    config = validateConfig(demoConfig(simulator.url, types), { env, providerTypes: types, source: 'demo config' });
  }
  if (options.port !== undefined) config.server.port = options.port;
  if (options.host !== undefined) config.server.host = options.host;
  refuseOpenOnPublicHost(config);

  const now = options.now ?? Date.now;
  let store: Store | undefined;
  let ledger: Ledger | undefined;
  let telemetry: GatewayTelemetry | undefined;
  let retention: RetentionJob | undefined;
  let policy: GatewayPolicy | undefined;
  let volume: VolumeCounters | undefined;
  const upstream = new UpstreamClient();
  const routingRuntime = await createRoutingRuntime(routingRuntimeOptions(config));
  const { priceBook, providers, router } = buildRoutingParts(config, routingRuntime, now);
  const current: { context?: GatewayContext } = {};
  const app = await buildApp(
    config,
    () => {
      if (!current.context) throw new Error('the gateway context is not ready');
      return current.context;
    },
    options.logLevel === undefined ? {} : { logLevel: options.logLevel },
  );
  try {
    store = await openStore(config.storage.url, { logger: app.log });
    ledger = await openLedger({
      logger: app.log,
      store,
      durability: config.ledger.durability,
      flushIntervalMs: config.ledger.flushIntervalMs,
      journalDir: config.ledger.journalDir,
      maxQueuedRecords: config.ledger.maxQueuedRecords,
    });
    const openedLedgerForStats = ledger;
    telemetry = await startGatewayTelemetry(
      config,
      {
        ledgerStats: () => openedLedgerForStats.stats(),
        breakerStates: () => routingRuntime.health.snapshot(now()).map((entry) => ({ target: entry.ref, state: entry.breaker })),
      },
      app.log,
    );
    if (config.ledger.retentionDays !== undefined) {
      retention = startRetentionJob({ store, retentionDays: config.ledger.retentionDays, now, logger: app.log });
    }
    const lifecycle: Lifecycle = { draining: false, inFlight: 0 };
    const outputStats = new OutputTokenStats();
    policy = await buildGatewayPolicy(config, store, app.log, now);
    volume = new VolumeCounters(store, now, app.log);
    await volume.start();
    const context: GatewayContext = { config, providers, router, priceBook, volume, outputStats, ledger, store, telemetry, upstream, policy, logger: app.log, lifecycle, now };
    current.context = context;
    await app.listen({ port: config.server.port, host: config.server.host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.server.port;
    const urlHost = config.server.host.includes(':') ? `[${config.server.host}]` : config.server.host;
    const openedLedger = ledger;
    const openedStore = store;
    let closing: Promise<void> | undefined;
    return {
      url: `http://${urlHost}:${port}`,
      port,
      host: config.server.host,
      config,
      context,
      simulator,
      app,
      store: openedStore,
      async reload(next) {
        const source = typeof next === 'string' ? next : 'config';
        const loaded = typeof next === 'string' ? await loadConfigFile(next, { env, providerTypes: types }) : validateConfig(next, { env, providerTypes: types, source });
        const { context: reloaded, result } = reloadContext(current.context ?? context, loaded, source);
        current.context = reloaded;
        app.log.info({ needsRestart: result.needsRestart }, 'config reloaded');
        return result;
      },
      get liveContext() {
        return current.context ?? context;
      },
      close: () => {
        closing ??= shutdown(context, app, openedLedger, openedStore, upstream, simulator, retention);
        return closing;
      },
    };
  } catch (error) {
    await app.close().catch(() => undefined);
    await policy?.close().catch(() => undefined);
    await volume?.close().catch(() => undefined);
    await retention?.stop().catch(() => undefined);
    await telemetry?.close().catch(() => undefined);
    await ledger?.close().catch(() => undefined);
    await store?.close().catch(() => undefined);
    await upstream.close().catch(() => undefined);
    await simulator?.close().catch(() => undefined);
    throw error;
  }
}

async function shutdown(
  context: GatewayContext,
  app: FastifyInstance,
  ledger: Ledger,
  store: Store,
  upstream: UpstreamClient,
  simulator: RunningSimulator | undefined,
  retention: RetentionJob | undefined,
): Promise<void> {
  context.lifecycle.draining = true;
  const deadline = context.now() + context.config.server.shutdownGraceMs;
  while (context.lifecycle.inFlight > 0 && context.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
  if (context.lifecycle.inFlight > 0) context.logger.warn({ inFlight: context.lifecycle.inFlight }, 'shutdown grace period over; closing with requests in flight');
  await app.close();
  await context.policy.close();
  await context.volume.close();
  await retention?.stop();
  await context.telemetry.close();
  await ledger.close();
  await store.close();
  await context.router.runtime.close();
  await upstream.close();
  await simulator?.close();
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

function refuseOpenOnPublicHost(config: TollgateConfig): void {
  if (config.auth.mode !== 'open' || LOOPBACK_HOSTS.has(config.server.host) || config.server.host.startsWith('127.')) return;
  throw new Error(
    `refusing to serve auth.mode open on ${config.server.host}: anyone who can reach it could spend your provider credit. Use auth.mode keys (with server.adminKey), or listen on 127.0.0.1.`,
  );
}
