/** `tollgate simulate`: the provider simulator on its own, for tests and demos against other tools. */
import { Command } from 'commander';
import { simulatorBaseUrls, startSimulator } from '../sim/index.js';
import { parsePort } from './serve-command.js';

export function simulateCommand(): Command {
  return new Command('simulate')
    .description('run the provider simulator alone (OpenAI, Anthropic, … wire formats)')
    .option('-p, --port <port>', 'port to listen on (default 4200)', parsePort, 4200)
    .option('-H, --host <host>', 'host to listen on', '127.0.0.1')
    .option('--ttft-ms <ms>', 'time to first token', (value) => Number(value), 0)
    .option('--tps <tokens>', 'tokens per second (0 = no pacing)', (value) => Number(value), 0)
    .action(async (options: { port: number; host: string; ttftMs: number; tps: number }) => {
      const simulator = await startSimulator({
        port: options.port,
        host: options.host,
        latency: { ttftMs: options.ttftMs, tokensPerSecond: options.tps > 0 ? options.tps : Infinity },
      });
      const bases = Object.entries(simulatorBaseUrls(simulator.url)).map(([provider, base]) => `  ${provider.padEnd(10)} ${base}`);
      process.stdout.write(`provider simulator on ${simulator.url}\n${bases.join('\n')}\n  control    POST ${simulator.url}/_sim/models/:model, GET ${simulator.url}/_sim/stats\n`);
      const stop = (): void => {
        simulator.close().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.on('SIGTERM', stop);
      process.on('SIGINT', stop);
    });
}
