/**
 * `pricing.overrides`: per-model prices from config, keyed `provider/model` or bare `model`,
 * with values keyed like the catalog's (`input_mtok`, `cache_read_mtok`, ...), written as
 * decimal text or numbers. An override replaces the matching fields of the catalog card, at
 * every context length (an overridden price is flat unless the override says otherwise), and
 * the card's source becomes the config path. A model the catalog lacks is priced by its
 * override alone.
 */
import { parseDecimal } from '../core/money.js';
import type { CatalogPriceSource, ConfigPriceSource, PriceCard, PriceFields } from './price-card.js';
import { CONFIG_MODEL_KEYS, CONFIG_PRICE_KEYS, applyPriceKeyRule } from './price-keys.js';

export type OverrideValues = Readonly<Record<string, string | number>>;
export type PriceOverrides = Readonly<Record<string, OverrideValues>>;

export interface PriceOverride {
  key: string;
  path: string;
  fields: PriceFields;
  contextWindow?: number;
  maxOutputTokens?: number;
}

/** A pricing setting that cannot be used; the message starts with its config path. */
export class PricingConfigError extends Error {
  constructor(
    readonly path: string,
    problem: string,
  ) {
    super(`${path}: ${problem}`);
    this.name = 'PricingConfigError';
  }
}

const PRICE_RULES = new Map(CONFIG_PRICE_KEYS);
const MODEL_KEYS: ReadonlySet<string> = new Set(CONFIG_MODEL_KEYS);
const KNOWN_KEYS = [...PRICE_RULES.keys(), ...MODEL_KEYS].join(', ');

export function overridePath(basePath: string, key: string): string {
  return `${basePath}[${JSON.stringify(key)}]`;
}

export function parseOverrides(overrides: PriceOverrides, basePath = 'pricing.overrides'): Map<string, PriceOverride> {
  const parsed = new Map<string, PriceOverride>();
  for (const [key, values] of Object.entries(overrides)) {
    const path = overridePath(basePath, key);
    const normalizedKey = key.trim().toLowerCase();
    if (!normalizedKey) throw new PricingConfigError(path, 'an override needs a `provider/model` or `model` key');
    if (parsed.has(normalizedKey)) throw new PricingConfigError(path, `duplicates the override for "${parsed.get(normalizedKey)?.key}"`);
    parsed.set(normalizedKey, { key, path, ...parsePriceValues(values, path) });
  }
  return parsed;
}

export function parsePriceValues(values: OverrideValues, path: string): Omit<PriceOverride, 'key' | 'path'> {
  if (typeof values !== 'object' || values === null || Array.isArray(values)) {
    throw new PricingConfigError(path, 'expected a map of price keys to decimal values');
  }
  const fields: PriceFields = {};
  const result: Omit<PriceOverride, 'key' | 'path'> = { fields };
  // Walk the rule table, not the input, so a specific key wins over a generic one whatever the YAML order.
  for (const name of Object.keys(values)) {
    if (!PRICE_RULES.has(name) && !MODEL_KEYS.has(name)) {
      throw new PricingConfigError(`${path}.${name}`, `unknown price key; expected one of ${KNOWN_KEYS}`);
    }
  }
  for (const [name, rule] of CONFIG_PRICE_KEYS) {
    const value = values[name];
    if (value === undefined) continue;
    fields[rule.field] = applyPriceKeyRule(rule, readPrice(value, `${path}.${name}`));
  }
  for (const name of CONFIG_MODEL_KEYS) {
    const value = values[name];
    if (value === undefined) continue;
    const count = Number(value);
    if (!Number.isSafeInteger(count) || count <= 0) throw new PricingConfigError(`${path}.${name}`, 'expected a positive whole number of tokens');
    if (name === 'context_window') result.contextWindow = count;
    else result.maxOutputTokens = count;
  }
  if (Object.keys(fields).length === 0 && result.contextWindow === undefined && result.maxOutputTokens === undefined) {
    throw new PricingConfigError(path, `has no prices; expected some of ${KNOWN_KEYS}`);
  }
  return result;
}

function readPrice(value: string | number, path: string) {
  if (typeof value !== 'string' && typeof value !== 'number') throw new PricingConfigError(path, 'expected a decimal price');
  let decimal;
  try {
    decimal = parseDecimal(value);
  } catch (error) {
    throw new PricingConfigError(path, error instanceof Error ? error.message : String(error));
  }
  if (decimal.units < 0n) throw new PricingConfigError(path, 'a price cannot be negative');
  return decimal;
}

/** Override keys that could price this request, most specific first. */
export function overrideKeyCandidates(providerType: string, model: string, providerId?: string): string[] {
  const name = model.trim().toLowerCase();
  const keys = [];
  if (providerId !== undefined && providerId !== providerType) keys.push(`${providerId.toLowerCase()}/${name}`);
  keys.push(`${providerType.toLowerCase()}/${name}`, name);
  return keys;
}

export function findOverride(overrides: ReadonlyMap<string, PriceOverride>, candidates: readonly string[]): PriceOverride | undefined {
  for (const key of candidates) {
    const override = overrides.get(key);
    if (override) return override;
  }
  return undefined;
}

export function applyOverride(base: PriceCard | undefined, override: PriceOverride, modelName: string): PriceCard {
  const source: ConfigPriceSource = { kind: 'config', path: override.path };
  if (base?.source.kind === 'catalog') source.catalogBase = base.source satisfies CatalogPriceSource;
  const card: PriceCard = base ? { ...base, ...override.fields, source } : { ...override.fields, source, modelId: modelName };
  if (base?.longContext) {
    card.longContext = base.longContext.map((tier) => ({ thresholdTokens: tier.thresholdTokens, card: { ...tier.card, ...override.fields } }));
  }
  if (override.contextWindow !== undefined) card.contextWindow = override.contextWindow;
  if (override.maxOutputTokens !== undefined) card.maxOutputTokens = override.maxOutputTokens;
  return card;
}
