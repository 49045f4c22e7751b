import { describe, expect, it } from 'vitest';
import { applyAnthropicPromptCache, applyOpenAIPromptCache, openAICachePositions, PromptCacheStore, type AnthropicBreakpoint } from './prompt-cache.js';
import { TokenSequence } from './tokens.js';

function fakeClock(): { now: () => number; advance: (ms: number) => void } {
  let time = 1_700_000_000_000;
  return { now: () => time, advance: (ms) => (time += ms) };
}

/** A prompt of exactly `length` tokens: `shared` tokens common to every call with the same `label`, then distinct ones. */
function prompt(length: number, shared: number, variant: number): TokenSequence {
  const sequence = new TokenSequence();
  sequence.pushTokens(Array.from({ length: Math.min(shared, length) }, (_, index) => 1000 + index));
  sequence.pushTokens(Array.from({ length: Math.max(0, length - shared) }, (_, index) => 500_000 + variant * 100_000 + index));
  return sequence;
}

describe('OpenAI automatic prompt caching', () => {
  it('lists cacheable prefix lengths from 1024 in steps of 128', () => {
    expect(openAICachePositions(1023)).toEqual([]);
    expect(openAICachePositions(1024)).toEqual([1024]);
    expect(openAICachePositions(1300)).toEqual([1024, 1152, 1280]);
  });

  it('caches nothing below 1024 tokens and the full 1024 at exactly 1024', () => {
    const clock = fakeClock();
    const store = new PromptCacheStore(clock.now);
    expect(applyOpenAIPromptCache(store, 'k', prompt(1023, 1023, 0))).toBe(0);
    expect(applyOpenAIPromptCache(store, 'k', prompt(1023, 1023, 0))).toBe(0);
    expect(applyOpenAIPromptCache(store, 'k', prompt(1024, 1024, 0))).toBe(0);
    expect(applyOpenAIPromptCache(store, 'k', prompt(1024, 1024, 0))).toBe(1024);
  });

  it('reports the longest seen prefix, rounded down to the 128 step and never past the shared prefix', () => {
    const store = new PromptCacheStore(fakeClock().now);
    expect(applyOpenAIPromptCache(store, 'k', prompt(2000, 1500, 1))).toBe(0);
    // Shares 1500 tokens with the first prompt: 1024 + 3 * 128 = 1408 is the last step inside them.
    expect(applyOpenAIPromptCache(store, 'k', prompt(1800, 1500, 2))).toBe(1408);
    // The whole 1800-token second prompt is now cached: a third identical to it reads 1792.
    expect(applyOpenAIPromptCache(store, 'k', prompt(1800, 1500, 2))).toBe(1792);
  });

  it('is scoped per API key and model', () => {
    const store = new PromptCacheStore(fakeClock().now);
    applyOpenAIPromptCache(store, 'key-a\u0000gpt-4o', prompt(1200, 1200, 0));
    expect(applyOpenAIPromptCache(store, 'key-b\u0000gpt-4o', prompt(1200, 1200, 0))).toBe(0);
    expect(applyOpenAIPromptCache(store, 'key-a\u0000gpt-4o-mini', prompt(1200, 1200, 0))).toBe(0);
    expect(applyOpenAIPromptCache(store, 'key-a\u0000gpt-4o', prompt(1200, 1200, 0))).toBe(1152);
  });

  it('expires after 10 idle minutes, and use keeps it alive', () => {
    const clock = fakeClock();
    const store = new PromptCacheStore(clock.now);
    applyOpenAIPromptCache(store, 'k', prompt(1100, 1100, 0));
    clock.advance(9 * 60_000);
    expect(applyOpenAIPromptCache(store, 'k', prompt(1100, 1100, 0))).toBe(1024);
    clock.advance(9 * 60_000);
    expect(applyOpenAIPromptCache(store, 'k', prompt(1100, 1100, 0))).toBe(1024);
    clock.advance(10 * 60_000 + 1);
    expect(applyOpenAIPromptCache(store, 'k', prompt(1100, 1100, 0))).toBe(0);
  });
});

/** Blocks of the given sizes, all of them shared across calls unless `variant` changes the last one. */
function blocks(sizes: number[], variant = 0): { prompt: TokenSequence; blockEnds: number[] } {
  const sequence = new TokenSequence();
  const blockEnds: number[] = [];
  sizes.forEach((size, blockIndex) => {
    const isLast = blockIndex === sizes.length - 1;
    sequence.pushTokens(Array.from({ length: size }, (_, index) => (isLast ? variant * 1_000_000 : 0) + blockIndex * 10_000 + index));
    blockEnds.push(sequence.length);
  });
  sequence.pushTokens([7, 7, 7]);
  return { prompt: sequence, blockEnds };
}

function anthropic(store: PromptCacheStore, sizes: number[], breakpoints: AnthropicBreakpoint[], minimumTokens = 1024, variant = 0) {
  return applyAnthropicPromptCache(store, 'key\u0000claude', { ...blocks(sizes, variant), breakpoints, minimumTokens });
}

describe('Anthropic explicit prompt caching', () => {
  it('caches nothing without breakpoints', () => {
    const store = new PromptCacheStore(fakeClock().now);
    expect(anthropic(store, [3000, 50], [])).toEqual({ cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0, uncachedInput: 3053 });
  });

  it('writes the prefix up to the breakpoint, then reads it; input counts only what follows', () => {
    const store = new PromptCacheStore(fakeClock().now);
    const breakpoints: AnthropicBreakpoint[] = [{ blockIndex: 0, ttl: '5m' }];
    expect(anthropic(store, [3000, 50], breakpoints)).toEqual({ cacheRead: 0, cacheWrite5m: 3000, cacheWrite1h: 0, uncachedInput: 53 });
    expect(anthropic(store, [3000, 80], breakpoints, 1024, 1)).toEqual({ cacheRead: 3000, cacheWrite5m: 0, cacheWrite1h: 0, uncachedInput: 83 });
  });

  it("needs the model's minimum cacheable length (1024 for Sonnet 4.5, 2048 for Haiku 3.5, 4096 for Opus 4.5)", () => {
    const store = new PromptCacheStore(fakeClock().now);
    const breakpoints: AnthropicBreakpoint[] = [{ blockIndex: 0, ttl: '5m' }];
    expect(anthropic(store, [1023, 10], breakpoints, 1024).cacheWrite5m).toBe(0);
    expect(anthropic(store, [1024, 10], breakpoints, 1024).cacheWrite5m).toBe(1024);
    expect(anthropic(new PromptCacheStore(fakeClock().now), [2047, 10], breakpoints, 2048).cacheWrite5m).toBe(0);
    expect(anthropic(new PromptCacheStore(fakeClock().now), [3000, 10], breakpoints, 4096).cacheWrite5m).toBe(0);
    expect(anthropic(new PromptCacheStore(fakeClock().now), [4096, 10], breakpoints, 4096).cacheWrite5m).toBe(4096);
  });

  it('splits writes between 1h and 5m breakpoints and reads the longest cached one', () => {
    const store = new PromptCacheStore(fakeClock().now);
    const breakpoints: AnthropicBreakpoint[] = [
      { blockIndex: 0, ttl: '1h' },
      { blockIndex: 1, ttl: '5m' },
    ];
    expect(anthropic(store, [2000, 1500, 40], breakpoints)).toEqual({ cacheRead: 0, cacheWrite5m: 1500, cacheWrite1h: 2000, uncachedInput: 43 });
    expect(anthropic(store, [2000, 1500, 60], breakpoints, 1024, 2)).toEqual({ cacheRead: 3500, cacheWrite5m: 0, cacheWrite1h: 0, uncachedInput: 63 });
  });

  it('expires after the TTL, a read refreshes it, and an expired prefix is written again', () => {
    const clock = fakeClock();
    const store = new PromptCacheStore(clock.now);
    const breakpoints: AnthropicBreakpoint[] = [{ blockIndex: 0, ttl: '5m' }];
    anthropic(store, [2000, 10], breakpoints);
    clock.advance(4 * 60_000);
    expect(anthropic(store, [2000, 10], breakpoints).cacheRead).toBe(2000);
    clock.advance(4 * 60_000);
    expect(anthropic(store, [2000, 10], breakpoints).cacheRead).toBe(2000);
    clock.advance(5 * 60_000 + 1);
    expect(anthropic(store, [2000, 10], breakpoints)).toMatchObject({ cacheRead: 0, cacheWrite5m: 2000 });
  });

  it('finds an earlier cached boundary behind a new breakpoint (the 20-block lookback)', () => {
    const store = new PromptCacheStore(fakeClock().now);
    anthropic(store, [2000, 300, 5], [{ blockIndex: 1, ttl: '5m' }]);
    // The conversation grew by one block and the breakpoint moved onto it.
    const grown = applyAnthropicPromptCache(store, 'key\u0000claude', {
      ...blocks([2000, 300, 400, 5]),
      breakpoints: [{ blockIndex: 2, ttl: '5m' }],
      minimumTokens: 1024,
    });
    expect(grown).toEqual({ cacheRead: 2300, cacheWrite5m: 400, cacheWrite1h: 0, uncachedInput: 8 });
  });
});
