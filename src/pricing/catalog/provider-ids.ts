/**
 * Which catalog providers price each Tollgate provider type, tried in order. This is the one
 * place the mapping lives. A provider type missing here is looked up under its own name, so a
 * type that matches a catalog id (perplexity, cerebras, ...) is priced without an entry.
 */
export const CATALOG_PROVIDER_IDS: Readonly<Record<string, readonly string[]>> = {
  openai: ['openai'],
  // The catalog's azure entry lists only Azure-specific models and falls back to openai itself;
  // the explicit second id keeps that true even if a later catalog drops the fallback.
  'azure-openai': ['azure', 'openai'],
  anthropic: ['anthropic'],
  gemini: ['google'],
  deepseek: ['deepseek'],
  mistral: ['mistral'],
  cohere: ['cohere'],
  xai: ['x-ai'],
  groq: ['groq'],
  together: ['together'],
  fireworks: ['fireworks'],
  openrouter: ['openrouter'],
  // genai-prices 0.1.8 has no Alibaba / DashScope provider (Qwen models appear only under other
  // hosts: groq, fireworks, together, openrouter, ...). Qwen's own API is priced by
  // `pricing.overrides` entries alone.
  qwen: [],
};

export function configuredCatalogIds(providerType: string): readonly string[] | undefined {
  return Object.hasOwn(CATALOG_PROVIDER_IDS, providerType) ? CATALOG_PROVIDER_IDS[providerType] : undefined;
}
