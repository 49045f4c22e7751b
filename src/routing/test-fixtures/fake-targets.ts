/** Targets for routing tests: real Target shapes over provider entries whose adapter is never called. */
import type { ProviderAdapter } from '../../providers/adapter.js';
import type { ProviderEntry, Target } from '../target.js';
import { makeTarget } from '../target.js';

export interface FakeProviderOptions {
  region?: string;
  maxConcurrent?: number;
}

export function fakeProvider(id: string, options: FakeProviderOptions = {}): ProviderEntry {
  const account: ProviderEntry['account'] = { id, type: 'openai', baseUrl: `http://${id}.invalid/v1`, apiKey: 'sk-test', headers: {} };
  if (options.region !== undefined) account.region = options.region;
  // Routing never calls the adapter; the attempt function under test stands in for it.
  return { account, adapter: {} as ProviderAdapter, listedModels: undefined, maxConcurrent: options.maxConcurrent, timeouts: {} };
}

/** `provider/model` → a target, with optional provider settings. */
export function fakeTarget(ref: string, options: FakeProviderOptions = {}): Target {
  const slash = ref.indexOf('/');
  return makeTarget(fakeProvider(ref.slice(0, slash), options), ref.slice(slash + 1));
}
