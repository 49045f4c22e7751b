/**
 * Prompt caching by each provider's documented rules, over prefix hashes of the token sequence.
 * The clock is passed in, so tests can move time without waiting.
 *
 * OpenAI (automatic): prompts of at least 1024 tokens; a hit is the longest previously seen
 * prefix, in steps of 128 tokens from 1024; entries are scoped per API key + model and expire
 * after 10 minutes without use.
 *
 * Anthropic (explicit): a `cache_control` breakpoint caches the prefix up to and including its
 * block when that prefix reaches the model's minimum cacheable length. A later request reads the
 * longest cached prefix found at its breakpoints or at the block boundaries up to 20 blocks before
 * each of them; what lies between that hit and the last qualifying breakpoint is written, split
 * 5m / 1h by the TTL of the breakpoint that closes each stretch. A read refreshes the TTL.
 */
import { BoundedLru } from './bounded-lru.js';
import type { TokenSequence } from './tokens.js';

export type Clock = () => number;

interface CacheEntry {
  expiresAt: number;
  ttlMs: number;
}

/** Cache entries keyed by scope + prefix hash, with TTLs against an injected clock. */
export class PromptCacheStore {
  private readonly entries: BoundedLru<string, CacheEntry>;

  constructor(
    private readonly now: Clock,
    maxEntries = 200_000,
  ) {
    this.entries = new BoundedLru(maxEntries);
  }

  /** True when the entry exists and has not expired; a hit refreshes its TTL. */
  read(key: string): boolean {
    const entry = this.entries.get(key);
    if (entry === undefined) return false;
    const now = this.now();
    if (entry.expiresAt <= now) {
      this.entries.delete(key);
      return false;
    }
    entry.expiresAt = now + entry.ttlMs;
    return true;
  }

  write(key: string, ttlMs: number): void {
    const existing = this.entries.get(key);
    const keptTtl = existing !== undefined && existing.expiresAt > this.now() ? Math.max(existing.ttlMs, ttlMs) : ttlMs;
    this.entries.set(key, { expiresAt: this.now() + keptTtl, ttlMs: keptTtl });
  }

  clear(): void {
    this.entries.clear();
  }
}

export const OPENAI_CACHE_MINIMUM_TOKENS = 1024;
export const OPENAI_CACHE_STEP_TOKENS = 128;
export const OPENAI_CACHE_IDLE_MS = 10 * 60_000;

/** The prefix lengths OpenAI can report as cached for a prompt of `total` tokens. */
export function openAICachePositions(total: number): number[] {
  const positions: number[] = [];
  for (let position = OPENAI_CACHE_MINIMUM_TOKENS; position <= total; position += OPENAI_CACHE_STEP_TOKENS) positions.push(position);
  return positions;
}

/** Returns `cached_tokens` for this prompt and records its prefixes for the requests after it. */
export function applyOpenAIPromptCache(store: PromptCacheStore, scope: string, prompt: TokenSequence): number {
  return applyPrefixCache(store, scope, prompt, openAICachePositions(prompt.length), OPENAI_CACHE_IDLE_MS);
}

/** Every `step` tokens from `minimum` up to `total` (the prefix lengths an automatic cache can report). */
export function steppedPositions(total: number, minimum: number, step: number): number[] {
  const positions: number[] = [];
  for (let position = Math.max(step, minimum); position <= total; position += step) positions.push(position);
  return positions;
}

/**
 * An automatic prefix cache: the hit is the longest of `positions` (ascending) whose prefix was
 * seen before in this scope and has not idled out; every listed prefix is then recorded.
 */
export function applyPrefixCache(store: PromptCacheStore, scope: string, prompt: TokenSequence, positions: readonly number[], idleMs: number): number {
  if (positions.length === 0) return 0;
  const keys = prompt.prefixHashes(positions).map((hash) => `${scope}\u0000${hash}`);
  let cached = 0;
  for (let index = keys.length - 1; index >= 0; index--) {
    const key = keys[index];
    if (key !== undefined && store.read(key)) {
      cached = positions[index] ?? 0;
      break;
    }
  }
  for (const key of keys) store.write(key, idleMs);
  return cached;
}

export type CacheTtl = '5m' | '1h';

export const ANTHROPIC_TTL_MS: Record<CacheTtl, number> = { '5m': 5 * 60_000, '1h': 60 * 60_000 };
/** How far back from a breakpoint Anthropic looks for an earlier cached block boundary. */
export const ANTHROPIC_LOOKBACK_BLOCKS = 20;

export interface AnthropicBreakpoint {
  /** Index into `blockEnds` of the block that carries `cache_control`. */
  blockIndex: number;
  ttl: CacheTtl;
}

export interface AnthropicCacheInput {
  prompt: TokenSequence;
  /** Token position where each content block ends, in prompt order (tools, system, messages). */
  blockEnds: readonly number[];
  breakpoints: readonly AnthropicBreakpoint[];
  minimumTokens: number;
}

export interface AnthropicCacheResult {
  cacheRead: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
  /** Input billed at the plain rate: everything not read from or written to the cache. */
  uncachedInput: number;
}

export function applyAnthropicPromptCache(store: PromptCacheStore, scope: string, input: AnthropicCacheInput): AnthropicCacheResult {
  const { prompt, blockEnds, minimumTokens } = input;
  const breakpoints = [...input.breakpoints].sort((left, right) => left.blockIndex - right.blockIndex);
  const noCache = { cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0, uncachedInput: prompt.length };
  if (breakpoints.length === 0) return noCache;

  const positions = [...new Set(blockEnds)].sort((left, right) => left - right);
  const hashes = new Map<number, string>();
  prompt.prefixHashes(positions).forEach((hash, index) => hashes.set(positions[index] ?? -1, `${scope}\u0000${hash}`));
  const keyAt = (blockIndex: number): { position: number; key: string } | undefined => {
    const position = blockEnds[blockIndex];
    const key = position === undefined ? undefined : hashes.get(position);
    return position === undefined || key === undefined ? undefined : { position, key };
  };

  let cacheRead = 0;
  for (const breakpoint of breakpoints) {
    const oldest = Math.max(0, breakpoint.blockIndex - ANTHROPIC_LOOKBACK_BLOCKS + 1);
    for (let blockIndex = breakpoint.blockIndex; blockIndex >= oldest; blockIndex--) {
      const boundary = keyAt(blockIndex);
      if (boundary === undefined || boundary.position <= cacheRead) continue;
      if (boundary.position >= minimumTokens && store.read(boundary.key)) {
        cacheRead = boundary.position;
        break;
      }
    }
  }

  let written = cacheRead;
  const writes: Record<CacheTtl, number> = { '5m': 0, '1h': 0 };
  for (const breakpoint of breakpoints) {
    const boundary = keyAt(breakpoint.blockIndex);
    if (boundary === undefined || boundary.position < minimumTokens || boundary.position <= written) continue;
    store.write(boundary.key, ANTHROPIC_TTL_MS[breakpoint.ttl]);
    writes[breakpoint.ttl] += boundary.position - written;
    written = boundary.position;
  }
  return {
    cacheRead,
    cacheWrite5m: writes['5m'],
    cacheWrite1h: writes['1h'],
    uncachedInput: prompt.length - written,
  };
}
