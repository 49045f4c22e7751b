/** `tollgate serve`: runs the gateway until SIGTERM/SIGINT, then drains and flushes the ledger. */
import { watchFile } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { ConfigError } from '../config/config-error.js';
import { startGateway, type RunningGateway } from '../server/start-gateway.js';
import { summarizeProviders, summarizeRoutes } from './describe-config.js';
import { resolveConfigPath } from './resolve-config-path.js';

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('a port is a whole number from 0 to 65535');
  return port;
}

export function serveCommand(): Command {
  return new Command('serve')
    .description('run the gateway (demo mode with an in-process simulator when there is no config)')
    .option('-c, --config <file>', 'config file (default ./tollgate.yaml when present)')
    .option('-p, --port <port>', 'port to listen on (default 4100)', parsePort)
    .option('-H, --host <host>', 'host to listen on (default 127.0.0.1)')
    .option('--log-level <level>', 'fatal, error, warn, info, debug', process.env.TOLLGATE_LOG_LEVEL ?? 'info')
    .action(async (options: { config?: string; port?: number; host?: string; logLevel: string }) => {
      const configPath = resolveConfigPath(options.config);
      let gateway: RunningGateway;
      try {
        gateway = await startGateway({
          ...(configPath ? { configPath } : {}),
          ...(options.port !== undefined ? { port: options.port } : {}),
          ...(options.host ? { host: options.host } : {}),
          logLevel: options.logLevel,
        });
      } catch (error) {
        process.stderr.write(`tollgate: ${error instanceof ConfigError || error instanceof Error ? error.message : String(error)}\n`);
        process.exitCode = 1;
        return;
      }
      printBanner(gateway, configPath);
      let signals = 0;
      const stop = (signal: NodeJS.Signals): void => {
        signals += 1;
        if (signals > 1) {
          process.stderr.write(`tollgate: ${signal} again, exiting without waiting\n`);
          process.exit(1);
        }
        process.stderr.write(`tollgate: ${signal} received, draining in-flight requests and flushing the ledger\n`);
        gateway.close().then(
          () => process.exit(0),
          (error: unknown) => {
            process.stderr.write(`tollgate: shutdown failed: ${error instanceof Error ? error.message : String(error)}\n`);
            process.exit(1);
          },
        );
      };
      process.on('SIGTERM', stop);
      process.on('SIGINT', stop);
      if (configPath) watchConfig(gateway, configPath);
    });
}

function printBanner(gateway: RunningGateway, configPath: string | undefined): void {
  const lines: string[] = [];
  const mode = gateway.simulator ? `demo mode (no config, no keys): providers answer from the built-in simulator at ${gateway.simulator.url}` : `config ${configPath}`;
  lines.push(`Tollgate listening on ${gateway.url}  —  ${mode}`);
  lines.push(`ledger: ${gateway.config.storage.url} (${gateway.config.ledger.durability})`);
  lines.push('providers:');
  for (const provider of summarizeProviders(gateway.config)) lines.push(`  ${provider.id.padEnd(12)} ${provider.type.padEnd(12)} ${provider.baseUrl ?? '(default base url)'}`);
  lines.push('routes:');
  const routes = summarizeRoutes(gateway.config);
  for (const route of routes) lines.push(`  ${route.name.padEnd(12)} ${route.strategy.padEnd(12)} ${route.targets.join(', ')}`);
  if (routes.length === 0) lines.push('  (none: ask for provider/model)');
  const model = routes[0]?.name ?? 'openai/gpt-4o-mini';
  lines.push('try:');
  lines.push(
    `  curl -s ${gateway.url}/v1/chat/completions -H 'content-type: application/json' -d '{"model":"${model}","messages":[{"role":"user","content":"Say hello"}]}'`,
  );
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** Reloads the config on SIGHUP and when the file changes; a bad config is reported and the running one kept. */
function watchConfig(gateway: RunningGateway, configPath: string): void {
  let reloading = Promise.resolve();
  const reload = (why: string): void => {
    reloading = reloading.then(async () => {
      try {
        const result = await gateway.reload(configPath);
        const pending = result.needsRestart.length > 0 ? ` (changes to ${result.needsRestart.join(', ')} take effect after a restart)` : '';
        process.stderr.write(`tollgate: ${why}: config reloaded from ${configPath}${pending}\n`);
      } catch (error) {
        process.stderr.write(`tollgate: ${why}: config not reloaded, the running one is kept:\n${error instanceof Error ? error.message : String(error)}\n`);
      }
    });
  };
  process.on('SIGHUP', () => reload('SIGHUP'));
  // Polling survives editors that save by replacing the file, which plain fs.watch loses track of.
  watchFile(configPath, { interval: 1000 }, (current, previous) => {
    if (current.mtimeMs !== previous.mtimeMs) reload('config file changed');
  });
}
