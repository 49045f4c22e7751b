/**
 * Model tables for the providers beyond OpenAI and Anthropic, from each provider's model pages:
 * context windows, output caps, embedding sizes, and which models reason. Gemini's cache minimums
 * are the implicit-caching thresholds from Google's launch documentation (2.5 Flash 1024, 2.5 Pro
 * 2048; 2.0 models have no implicit caching); later revisions of that page list 2048 or 4096.
 */

export interface ModelEntry {
  snapshot: string;
  aliases: readonly string[];
  kind?: 'chat' | 'embedding';
  created: number;
  contextWindow: number;
  maxOutputTokens: number;
  serviceTiers?: readonly string[];
  embeddingDimensions?: number;
  supportsDimensions?: boolean;
  cacheMinimumTokens?: number;
  displayName?: string;
  isReasoning?: boolean;
  thinkingFamily?: 'pro' | 'flash' | 'flash-lite' | 'none';
}

const GEMINI_CONTEXT = 1_048_576;

export const GEMINI_MODELS: readonly ModelEntry[] = [
  { snapshot: 'gemini-2.5-pro', aliases: [], created: 1750118400, contextWindow: GEMINI_CONTEXT, maxOutputTokens: 65_536, cacheMinimumTokens: 2048, displayName: 'Gemini 2.5 Pro', isReasoning: true, thinkingFamily: 'pro', serviceTiers: ['standard', 'flex', 'priority'] },
  { snapshot: 'gemini-2.5-flash', aliases: [], created: 1750118400, contextWindow: GEMINI_CONTEXT, maxOutputTokens: 65_536, cacheMinimumTokens: 1024, displayName: 'Gemini 2.5 Flash', isReasoning: true, thinkingFamily: 'flash', serviceTiers: ['standard', 'flex', 'priority'] },
  { snapshot: 'gemini-2.5-flash-lite', aliases: [], created: 1753142400, contextWindow: GEMINI_CONTEXT, maxOutputTokens: 65_536, cacheMinimumTokens: 1024, displayName: 'Gemini 2.5 Flash-Lite', isReasoning: true, thinkingFamily: 'flash-lite', serviceTiers: ['standard', 'flex', 'priority'] },
  { snapshot: 'gemini-2.0-flash', aliases: [], created: 1738713600, contextWindow: GEMINI_CONTEXT, maxOutputTokens: 8192, cacheMinimumTokens: 0, displayName: 'Gemini 2.0 Flash', thinkingFamily: 'none' },
  { snapshot: 'text-embedding-004', aliases: [], kind: 'embedding', created: 1712016000, contextWindow: 2048, maxOutputTokens: 1, embeddingDimensions: 768, supportsDimensions: true, displayName: 'Text Embedding 004' },
  { snapshot: 'gemini-embedding-001', aliases: [], kind: 'embedding', created: 1752624000, contextWindow: 2048, maxOutputTokens: 1, embeddingDimensions: 3072, supportsDimensions: true, displayName: 'Gemini Embedding 001' },
];

export const COHERE_MODELS: readonly ModelEntry[] = [
  { snapshot: 'command-a-03-2025', aliases: [], created: 1741219200, contextWindow: 256_000, maxOutputTokens: 8000 },
  { snapshot: 'command-r-plus-08-2024', aliases: [], created: 1724976000, contextWindow: 128_000, maxOutputTokens: 4000 },
  { snapshot: 'command-r-08-2024', aliases: [], created: 1724976000, contextWindow: 128_000, maxOutputTokens: 4000 },
  { snapshot: 'command-r7b-12-2024', aliases: [], created: 1734048000, contextWindow: 128_000, maxOutputTokens: 4000 },
  { snapshot: 'embed-v4.0', aliases: [], kind: 'embedding', created: 1744848000, contextWindow: 128_000, maxOutputTokens: 0, embeddingDimensions: 1536, supportsDimensions: true },
  { snapshot: 'embed-english-v3.0', aliases: [], kind: 'embedding', created: 1699142400, contextWindow: 512, maxOutputTokens: 0, embeddingDimensions: 1024, supportsDimensions: false },
];

export const DEEPSEEK_MODELS: readonly ModelEntry[] = [
  { snapshot: 'deepseek-chat', aliases: [], created: 1735689600, contextWindow: 131_072, maxOutputTokens: 8192 },
  { snapshot: 'deepseek-reasoner', aliases: [], created: 1737331200, contextWindow: 131_072, maxOutputTokens: 65_536, isReasoning: true },
];

export const MISTRAL_MODELS: readonly ModelEntry[] = [
  { snapshot: 'mistral-small-latest', aliases: [], created: 1750636800, contextWindow: 131_072, maxOutputTokens: 131_072, displayName: 'Mistral Small' },
  { snapshot: 'mistral-medium-latest', aliases: [], created: 1746576000, contextWindow: 131_072, maxOutputTokens: 131_072, displayName: 'Mistral Medium' },
  { snapshot: 'mistral-large-latest', aliases: [], created: 1731888000, contextWindow: 131_072, maxOutputTokens: 131_072, displayName: 'Mistral Large' },
  { snapshot: 'mistral-embed', aliases: [], kind: 'embedding', created: 1702425600, contextWindow: 8192, maxOutputTokens: 0, embeddingDimensions: 1024, supportsDimensions: false, displayName: 'Mistral Embed' },
];

// xAI answers `grok-4` as its dated snapshot, the others under the name asked for.
export const XAI_MODELS: readonly ModelEntry[] = [
  { snapshot: 'grok-3', aliases: [], created: 1743724800, contextWindow: 131_072, maxOutputTokens: 131_072 },
  { snapshot: 'grok-3-mini', aliases: [], created: 1743724800, contextWindow: 131_072, maxOutputTokens: 131_072, isReasoning: true },
  { snapshot: 'grok-4-0709', aliases: ['grok-4'], created: 1752019200, contextWindow: 256_000, maxOutputTokens: 256_000, isReasoning: true },
];

export const GROQ_MODELS: readonly ModelEntry[] = [
  { snapshot: 'llama-3.3-70b-versatile', aliases: [], created: 1733447754, contextWindow: 131_072, maxOutputTokens: 32_768, displayName: 'Meta' },
  { snapshot: 'llama-3.1-8b-instant', aliases: [], created: 1693721698, contextWindow: 131_072, maxOutputTokens: 131_072, displayName: 'Meta' },
];
