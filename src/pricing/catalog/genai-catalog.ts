/**
 * The adapter to @pydantic/genai-prices: its bundled data and its model matching, never its
 * arithmetic. `calcPrice` is called with zero usage only to run the catalog's own matching
 * (case folding, date-suffix normalisation, fallback providers); its numbers are ignored.
 */
import { calcPrice, findProvider, type ModelInfo, type MatchLogic, type Provider } from '@pydantic/genai-prices';
import { configuredCatalogIds } from './provider-ids.js';

/** Pinned in package.json; a test checks the installed package says the same. */
export const CATALOG_VERSION = '0.1.8';

export interface CatalogModel {
  /** The catalog provider whose list holds the model (may be a fallback of the one asked). */
  providerId: string;
  model: ModelInfo;
}

const ZERO_USAGE = { input_tokens: 0, output_tokens: 0 };
const MATCH_TIME = new Date(0);

/** Catalog provider ids to try for a Tollgate provider type, in order. */
export function catalogIdsFor(providerType: string): readonly string[] {
  const configured = configuredCatalogIds(providerType);
  if (configured) return configured;
  return findProvider({ providerId: providerType })?.id === providerType ? [providerType] : [];
}

export function findCatalogModel(catalogProviderIds: readonly string[], modelName: string): CatalogModel | undefined {
  for (const providerId of catalogProviderIds) {
    const provider = findProvider({ providerId });
    if (provider?.id !== providerId) continue;
    const found = matchModel(provider, modelName);
    if (found) return found;
  }
  return undefined;
}

function matchModel(provider: Provider, modelName: string): CatalogModel | undefined {
  let model: ModelInfo | undefined;
  try {
    model = calcPrice(ZERO_USAGE, modelName, { providerId: provider.id, timestamp: MATCH_TIME })?.model;
  } catch {
    // The catalog refuses to price this entry (malformed prices); treat it as unpriced.
    return undefined;
  }
  if (!model) return undefined;
  return { providerId: ownerOf(provider, model) ?? provider.id, model };
}

function ownerOf(provider: Provider, model: ModelInfo): string | undefined {
  if (provider.models.includes(model)) return provider.id;
  for (const fallbackId of provider.fallback_model_providers ?? []) {
    const fallback = findProvider({ providerId: fallbackId });
    if (fallback?.models.includes(model)) return fallback.id;
  }
  return undefined;
}

/**
 * Model names a client can send for this catalog provider: per entry, its id when its match
 * rule lists the id exactly, else the first exact name the rule lists, else the id when the
 * catalog matches it back to the entry and it is not a bare prefix (`ft:gpt-3.5-turbo-`).
 * Every name returned resolves to its own entry.
 */
export function catalogModelNames(catalogProviderId: string): string[] {
  const provider = findProvider({ providerId: catalogProviderId });
  if (provider?.id !== catalogProviderId) return [];
  const names: string[] = [];
  for (const model of provider.models) {
    const exact = equalsNames(model.match);
    const candidates = exact.includes(model.id) ? [model.id, ...exact] : [...exact, ...(/[-:.]$/.test(model.id) ? [] : [model.id])];
    const name = candidates.find((candidate) => matchModel(provider, candidate)?.model === model);
    if (name !== undefined) names.push(name);
  }
  return names;
}

function equalsNames(logic: MatchLogic): string[] {
  if ('equals' in logic) return [logic.equals];
  if ('or' in logic) return logic.or.flatMap((branch) => equalsNames(branch));
  return [];
}
