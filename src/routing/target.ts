/** A concrete place a request can go: one provider account and the model name it is sent. */
import type { ProviderAccount, ProviderAdapter } from '../providers/adapter.js';

export interface ProviderEntry {
  account: ProviderAccount;
  adapter: ProviderAdapter;
  /** Models this account explicitly serves (config `models`), when listed. */
  listedModels: readonly string[] | undefined;
  maxConcurrent: number | undefined;
  timeouts: { connectMs?: number; firstByteMs?: number; totalMs?: number };
}

export interface Target {
  /** `provider/model`, as people write it and as the ledger records it. */
  ref: string;
  provider: ProviderEntry;
  /** The model name sent upstream. */
  model: string;
  /** The model priced (a deployment name mapped to the model it runs). */
  pricedModel: string;
}

export function makeTarget(provider: ProviderEntry, model: string): Target {
  const pricedModel = provider.account.deployments?.[model] ?? model;
  return { ref: `${provider.account.id}/${model}`, provider, model, pricedModel };
}
