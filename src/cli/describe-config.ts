/** A secret-free view of a config: what check-config and serve print. */
import type { TollgateConfig } from '../config/schema.js';

export interface ProviderSummary {
  id: string;
  type: string;
  baseUrl: string | null;
  apiKey: 'set' | 'not set';
  region: string | null;
  models: string[] | null;
}

export interface RouteSummary {
  name: string;
  strategy: string;
  targets: string[];
}

export function summarizeProviders(config: TollgateConfig): ProviderSummary[] {
  return Object.entries(config.providers).map(([id, provider]) => ({
    id,
    type: provider.type,
    baseUrl: provider.baseUrl ?? null,
    apiKey: provider.apiKey ? 'set' : 'not set',
    region: provider.region ?? null,
    models: provider.models ?? null,
  }));
}

export function summarizeRoutes(config: TollgateConfig): RouteSummary[] {
  return Object.entries(config.routes).map(([name, route]) => ({
    name,
    strategy: route.strategy,
    targets:
      route.strategy === 'conditional'
        ? [...(route.rules ?? []).map((rule) => `${JSON.stringify(rule.when, bigintReplacer)} → ${rule.use}`), `default → ${route.default ?? '-'}`]
        : route.targets.map((target) => (typeof target === 'string' ? target : `${target.target} (weight ${target.weight})`)),
  }));
}

export function bigintReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
