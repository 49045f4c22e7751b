/**
 * The config demo mode runs with when there is no config file and no provider keys: every
 * provider points at the in-process simulator, with real model names priced from the catalog.
 */
import type { ConfigInput } from './schema.js';

export function demoConfig(simulatorUrl: string, providerTypes: readonly string[]): ConfigInput {
  const providers: NonNullable<ConfigInput['providers']> = {
    openai: { type: 'openai', apiKey: 'demo-key', baseUrl: `${simulatorUrl}/openai/v1` },
  };
  const smartTargets: string[] = ['openai/gpt-4o'];
  if (providerTypes.includes('anthropic')) {
    providers.anthropic = { type: 'anthropic', apiKey: 'demo-key', baseUrl: `${simulatorUrl}/anthropic` };
    smartTargets.push('anthropic/claude-sonnet-4-5');
  }
  if (providerTypes.includes('gemini')) {
    providers.gemini = { type: 'gemini', apiKey: 'demo-key', baseUrl: `${simulatorUrl}/gemini` };
  }
  smartTargets.push('openai/gpt-4o-mini');
  return {
    providers,
    routes: {
      smart: { strategy: 'fallback', targets: smartTargets },
      cheap: {
        strategy: 'weighted',
        targets: [
          { target: 'openai/gpt-4o-mini', weight: 3 },
          { target: providerTypes.includes('gemini') ? 'gemini/gemini-2.5-flash' : 'openai/gpt-4.1-nano', weight: 1 },
        ],
      },
      lowest: { strategy: 'cheapest', targets: ['openai/gpt-4.1-nano', 'openai/gpt-4o-mini', ...(providerTypes.includes('gemini') ? ['gemini/gemini-2.5-flash-lite'] : [])] },
    },
  };
}
