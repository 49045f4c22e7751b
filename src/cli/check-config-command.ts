/** `tollgate check-config`: validates a config and prints what it resolves to, without secrets. */
import { Command } from 'commander';
import { ConfigError } from '../config/config-error.js';
import { loadConfigFile } from '../config/load-config.js';
import { providerTypes } from '../providers/registry.js';
import { buildPriceBook } from '../server/build-price-book.js';
import { summarizeProviders, summarizeRoutes } from './describe-config.js';
import { formatTable } from './format-table.js';
import { resolveConfigPath } from './resolve-config-path.js';

export function checkConfigCommand(): Command {
  return new Command('check-config')
    .description('validate a config file and print its providers and routes (secrets hidden)')
    .option('-c, --config <file>', 'config file (default ./tollgate.yaml)')
    .option('--json', 'print JSON for scripts')
    .action(async (options: { config?: string; json?: boolean }) => {
      const path = resolveConfigPath(options.config);
      if (!path) {
        process.stderr.write('no config file: give --config FILE or create ./tollgate.yaml (without one, `tollgate serve` runs in demo mode)\n');
        process.exitCode = 2;
        return;
      }
      try {
        const config = await loadConfigFile(path, { env: process.env, providerTypes: providerTypes() });
        buildPriceBook(config, path);
        const providers = summarizeProviders(config);
        const routes = summarizeRoutes(config);
        if (options.json) {
          process.stdout.write(`${JSON.stringify({ valid: true, file: path, providers, routes }, null, 2)}\n`);
          return;
        }
        process.stdout.write(`${path} is valid.\n\nProviders\n`);
        process.stdout.write(`${formatTable(['id', 'type', 'base url', 'api key', 'region'], providers.map((provider) => [provider.id, provider.type, provider.baseUrl ?? '(default)', provider.apiKey, provider.region ?? '-']))}\n\nRoutes\n`);
        process.stdout.write(`${formatTable(['name', 'strategy', 'targets'], routes.map((route) => [route.name, route.strategy, route.targets.join(', ')]))}\n`);
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        if (options.json) process.stdout.write(`${JSON.stringify({ valid: false, file: path, problems: error.problems }, null, 2)}\n`);
        else process.stderr.write(`${error.message}\n`);
        process.exitCode = 1;
      }
    });
}
