/**
 * The models the simulator knows, per provider: real names (aliases and dated snapshots), what
 * the response reports as the model, context and output limits, and the facts that change
 * behaviour (reasoning, service tiers, embedding sizes, the minimum cacheable prompt).
 * Any other model name is served only when it has a behaviour entry. The tables of the providers
 * added in phase 2 live in model-entries.ts.
 */
import { COHERE_MODELS, DEEPSEEK_MODELS, GEMINI_MODELS, GROQ_MODELS, MISTRAL_MODELS, XAI_MODELS, type ModelEntry } from './model-entries.js';

export type SimProvider = 'openai' | 'anthropic' | 'gemini' | 'cohere' | 'deepseek' | 'mistral' | 'xai' | 'groq';

export const SIM_PROVIDERS: readonly SimProvider[] = ['openai', 'anthropic', 'gemini', 'cohere', 'deepseek', 'mistral', 'xai', 'groq'];

export interface SimModelInfo {
  provider: SimProvider;
  /** The name the request used. */
  requested: string;
  /** What the response's `model` says (OpenAI and Anthropic resolve aliases to snapshots). */
  responseModel: string;
  kind: 'chat' | 'embedding';
  created: number;
  contextWindow: number;
  maxOutputTokens: number;
  isReasoning: boolean;
  serviceTiers: readonly string[];
  embeddingDimensions?: number;
  supportsDimensions?: boolean;
  /** The shortest prefix the provider caches (Anthropic breakpoints, Gemini implicit caching; 0 = never). */
  cacheMinimumTokens: number;
  displayName: string;
  /** Gemini: the family that decides thinking rules (pro, flash, flash-lite, or none for 2.0). */
  thinkingFamily?: 'pro' | 'flash' | 'flash-lite' | 'none';
}

const OPENAI_MODELS: readonly ModelEntry[] = [
  { snapshot: 'gpt-4o-2024-08-06', aliases: ['gpt-4o'], created: 1722814719, contextWindow: 128_000, maxOutputTokens: 16_384, serviceTiers: ['priority'] },
  { snapshot: 'gpt-4o-2024-11-20', aliases: [], created: 1739331543, contextWindow: 128_000, maxOutputTokens: 16_384, serviceTiers: ['priority'] },
  { snapshot: 'gpt-4o-mini-2024-07-18', aliases: ['gpt-4o-mini'], created: 1721172717, contextWindow: 128_000, maxOutputTokens: 16_384, serviceTiers: ['priority'] },
  { snapshot: 'gpt-4.1-2025-04-14', aliases: ['gpt-4.1'], created: 1744315746, contextWindow: 1_047_576, maxOutputTokens: 32_768, serviceTiers: ['priority'] },
  { snapshot: 'gpt-4.1-mini-2025-04-14', aliases: ['gpt-4.1-mini'], created: 1744317547, contextWindow: 1_047_576, maxOutputTokens: 32_768, serviceTiers: ['priority'] },
  { snapshot: 'gpt-4.1-nano-2025-04-14', aliases: ['gpt-4.1-nano'], created: 1744321025, contextWindow: 1_047_576, maxOutputTokens: 32_768 },
  { snapshot: 'gpt-5-2025-08-07', aliases: ['gpt-5'], created: 1754425777, contextWindow: 400_000, maxOutputTokens: 128_000, serviceTiers: ['flex', 'priority'] },
  { snapshot: 'gpt-5-mini-2025-08-07', aliases: ['gpt-5-mini'], created: 1754425867, contextWindow: 400_000, maxOutputTokens: 128_000, serviceTiers: ['flex', 'priority'] },
  { snapshot: 'gpt-5-nano-2025-08-07', aliases: ['gpt-5-nano'], created: 1754426384, contextWindow: 400_000, maxOutputTokens: 128_000, serviceTiers: ['flex'] },
  { snapshot: 'o3-2025-04-16', aliases: ['o3'], created: 1744133301, contextWindow: 200_000, maxOutputTokens: 100_000, serviceTiers: ['flex', 'priority'] },
  { snapshot: 'o4-mini-2025-04-16', aliases: ['o4-mini'], created: 1744225351, contextWindow: 200_000, maxOutputTokens: 100_000, serviceTiers: ['flex', 'priority'] },
  { snapshot: 'text-embedding-3-small', aliases: [], kind: 'embedding', created: 1705948997, contextWindow: 8192, maxOutputTokens: 0, embeddingDimensions: 1536, supportsDimensions: true },
  { snapshot: 'text-embedding-3-large', aliases: [], kind: 'embedding', created: 1705953180, contextWindow: 8192, maxOutputTokens: 0, embeddingDimensions: 3072, supportsDimensions: true },
  { snapshot: 'text-embedding-ada-002', aliases: [], kind: 'embedding', created: 1671217299, contextWindow: 8192, maxOutputTokens: 0, embeddingDimensions: 1536, supportsDimensions: false },
];

// Minimum cacheable lengths from Anthropic's prompt-caching documentation.
const ANTHROPIC_MODELS: readonly ModelEntry[] = [
  { snapshot: 'claude-sonnet-4-6', aliases: [], created: 1771200000, contextWindow: 200_000, maxOutputTokens: 64_000, cacheMinimumTokens: 2048, displayName: 'Claude Sonnet 4.6' },
  { snapshot: 'claude-opus-4-6', aliases: [], created: 1770249600, contextWindow: 200_000, maxOutputTokens: 128_000, cacheMinimumTokens: 4096, displayName: 'Claude Opus 4.6' },
  { snapshot: 'claude-sonnet-4-5-20250929', aliases: ['claude-sonnet-4-5'], created: 1759104000, contextWindow: 200_000, maxOutputTokens: 64_000, cacheMinimumTokens: 1024, displayName: 'Claude Sonnet 4.5' },
  { snapshot: 'claude-opus-4-5-20251101', aliases: ['claude-opus-4-5'], created: 1761955200, contextWindow: 200_000, maxOutputTokens: 64_000, cacheMinimumTokens: 4096, displayName: 'Claude Opus 4.5' },
  { snapshot: 'claude-haiku-4-5-20251001', aliases: ['claude-haiku-4-5'], created: 1759276800, contextWindow: 200_000, maxOutputTokens: 64_000, cacheMinimumTokens: 4096, displayName: 'Claude Haiku 4.5' },
  { snapshot: 'claude-opus-4-1-20250805', aliases: ['claude-opus-4-1'], created: 1754352000, contextWindow: 200_000, maxOutputTokens: 32_000, cacheMinimumTokens: 1024, displayName: 'Claude Opus 4.1' },
  { snapshot: 'claude-opus-4-20250514', aliases: ['claude-opus-4-0'], created: 1747180800, contextWindow: 200_000, maxOutputTokens: 32_000, cacheMinimumTokens: 1024, displayName: 'Claude Opus 4' },
  { snapshot: 'claude-sonnet-4-20250514', aliases: ['claude-sonnet-4-0'], created: 1747180800, contextWindow: 200_000, maxOutputTokens: 64_000, cacheMinimumTokens: 1024, displayName: 'Claude Sonnet 4' },
  { snapshot: 'claude-3-7-sonnet-20250219', aliases: ['claude-3-7-sonnet-latest'], created: 1739923200, contextWindow: 200_000, maxOutputTokens: 64_000, cacheMinimumTokens: 1024, displayName: 'Claude Sonnet 3.7' },
  { snapshot: 'claude-3-5-haiku-20241022', aliases: ['claude-3-5-haiku-latest'], created: 1729555200, contextWindow: 200_000, maxOutputTokens: 8192, cacheMinimumTokens: 2048, displayName: 'Claude Haiku 3.5' },
  { snapshot: 'claude-3-haiku-20240307', aliases: [], created: 1709769600, contextWindow: 200_000, maxOutputTokens: 4096, cacheMinimumTokens: 2048, displayName: 'Claude Haiku 3' },
];

/** OpenAI's reasoning families hide their reasoning and bill it inside completion tokens. */
export function isOpenAIReasoningModel(name: string): boolean {
  return /^(o1|o3|o4|gpt-5)/.test(name) && !name.includes('-chat');
}

const ENTRIES: ReadonlyArray<readonly [SimProvider, readonly ModelEntry[]]> = [
  ['openai', OPENAI_MODELS],
  ['anthropic', ANTHROPIC_MODELS],
  ['gemini', GEMINI_MODELS],
  ['cohere', COHERE_MODELS],
  ['deepseek', DEEPSEEK_MODELS],
  ['mistral', MISTRAL_MODELS],
  ['xai', XAI_MODELS],
  ['groq', GROQ_MODELS],
];

const catalogue = new Map<string, { provider: SimProvider; entry: ModelEntry }>();
for (const [provider, entries] of ENTRIES) {
  for (const entry of entries) {
    for (const name of [entry.snapshot, ...entry.aliases]) catalogue.set(name, { provider, entry });
  }
}

export function knownModelNames(provider: SimProvider): string[] {
  return [...catalogue.entries()].filter(([, value]) => value.provider === provider).map(([name]) => name);
}

/** Model facts for a known model, or plausible defaults for one served only through a behaviour entry. */
export function lookupModel(provider: SimProvider, name: string, hasBehaviour: boolean): SimModelInfo | undefined {
  const found = catalogue.get(name);
  if (found !== undefined && found.provider === provider) return toInfo(provider, name, found.entry);
  if (!hasBehaviour) return undefined;
  const isEmbedding = name.includes('embed');
  return toInfo(provider, name, {
    snapshot: name,
    aliases: [],
    kind: isEmbedding ? 'embedding' : 'chat',
    created: 1735689600,
    contextWindow: provider === 'anthropic' ? 200_000 : 128_000,
    maxOutputTokens: provider === 'anthropic' ? 64_000 : 16_384,
    embeddingDimensions: isEmbedding ? 1536 : undefined,
    supportsDimensions: isEmbedding,
    cacheMinimumTokens: provider === 'gemini' ? 2048 : 1024,
    thinkingFamily: provider === 'gemini' ? 'flash' : undefined,
  });
}

function toInfo(provider: SimProvider, requested: string, entry: ModelEntry): SimModelInfo {
  const info: SimModelInfo = {
    provider,
    requested,
    responseModel: entry.snapshot,
    kind: entry.kind ?? 'chat',
    created: entry.created,
    contextWindow: entry.contextWindow,
    maxOutputTokens: entry.maxOutputTokens,
    isReasoning: entry.isReasoning ?? (provider === 'openai' && isOpenAIReasoningModel(entry.snapshot)),
    serviceTiers: entry.serviceTiers ?? [],
    cacheMinimumTokens: entry.cacheMinimumTokens ?? 1024,
    displayName: entry.displayName ?? entry.snapshot,
  };
  if (entry.embeddingDimensions !== undefined) info.embeddingDimensions = entry.embeddingDimensions;
  if (entry.supportsDimensions !== undefined) info.supportsDimensions = entry.supportsDimensions;
  if (entry.thinkingFamily !== undefined) info.thinkingFamily = entry.thinkingFamily;
  return info;
}
