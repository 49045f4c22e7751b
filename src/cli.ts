#!/usr/bin/env node
/** The `tollgate` command. */
import { Command } from 'commander';
import { checkConfigCommand } from './cli/check-config-command.js';
import { keysCommand } from './cli/keys-command.js';
import { pricesCommand } from './cli/prices-command.js';
import { providersCommand } from './cli/providers-command.js';
import { serveCommand } from './cli/serve-command.js';
import { simulateCommand } from './cli/simulate-command.js';
import { usageCommand } from './cli/usage-command.js';

const program = new Command('tollgate')
  .description('Tollgate: an OpenAI-compatible LLM gateway that knows what every token costs')
  .version('0.1.0')
  .addCommand(serveCommand(), { isDefault: true })
  .addCommand(simulateCommand())
  .addCommand(checkConfigCommand())
  .addCommand(providersCommand())
  .addCommand(keysCommand())
  .addCommand(pricesCommand())
  .addCommand(usageCommand());

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`tollgate: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
