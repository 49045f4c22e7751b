/** `tollgate providers`: the provider types this build has, and the parameter table. */
import { Command } from 'commander';
import { CHAT_PARAMETERS, parameterSupportFor } from '../providers/parameter-support.js';
import { adapterFor, providerTypes } from '../providers/registry.js';
import { parametersMarkdown, providersMarkdown } from './provider-tables.js';

export function providersCommand(): Command {
  return new Command('providers')
    .description('list provider types and what the translation lane does with each parameter')
    .option('--json', 'print JSON for scripts')
    .option('--markdown', 'print the README tables')
    .action((options: { json?: boolean; markdown?: boolean }) => {
      if (options.json) {
        const providers = providerTypes().map((type) => {
          const adapter = adapterFor(type);
          return { type, dialect: adapter?.dialect, embeddings: adapter?.embeddings !== undefined, parameters: adapter ? parameterSupportFor(adapter) : [] };
        });
        process.stdout.write(`${JSON.stringify({ parameters: CHAT_PARAMETERS, providers }, null, 2)}\n`);
        return;
      }
      process.stdout.write(`${providersMarkdown()}\n\n${parametersMarkdown()}\n`);
    });
}
