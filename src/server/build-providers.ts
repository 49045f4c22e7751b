/** Config `providers` → the live entries routing uses: each with its adapter and resolved base URL. */
import type { TollgateConfig } from '../config/schema.js';
import { adapterFor } from '../providers/registry.js';
import type { ProviderEntry } from '../routing/target.js';

export function buildProviderEntries(config: TollgateConfig): Map<string, ProviderEntry> {
  const entries = new Map<string, ProviderEntry>();
  for (const [id, provider] of Object.entries(config.providers)) {
    const adapter = adapterFor(provider.type);
    if (!adapter) throw new Error(`providers.${id}.type: no adapter for "${provider.type}"`);
    const account: ProviderEntry['account'] = {
      id,
      type: provider.type,
      baseUrl: provider.baseUrl ?? adapter.defaultBaseUrl,
      apiKey: provider.apiKey,
      headers: provider.headers ?? {},
    };
    if (provider.region !== undefined) account.region = provider.region;
    if (provider.apiVersion !== undefined) account.apiVersion = provider.apiVersion;
    if (provider.deployments !== undefined) account.deployments = provider.deployments;
    if (provider.defaultMaxTokens !== undefined) account.defaultMaxTokens = provider.defaultMaxTokens;
    entries.set(id, {
      account,
      adapter,
      listedModels: provider.models,
      maxConcurrent: provider.maxConcurrent,
      timeouts: provider.timeouts ?? {},
    });
  }
  return entries;
}
