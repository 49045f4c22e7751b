/**
 * Token counting for every flavour: o200k_base through gpt-tokenizer. Encodings of repeated
 * strings (system prompts, earlier turns) are memoised in a bounded LRU, because under load the
 * same prompts come back again and again and BPE is the costliest thing the simulator does.
 *
 * Prompt counting follows OpenAI's cookbook ("How to count tokens with tiktoken"): every message
 * costs MESSAGE_OVERHEAD_TOKENS on top of its role and content, a `name` one more, and every
 * prompt REPLY_PRIMING_TOKENS for the assistant reply that follows.
 */
import { decode, encode } from 'gpt-tokenizer/encoding/o200k_base';
import { BoundedLru } from './bounded-lru.js';

export const MESSAGE_OVERHEAD_TOKENS = 3;
export const NAME_OVERHEAD_TOKENS = 1;
export const REPLY_PRIMING_TOKENS = 3;
/** What a non-text input part (image, audio, file) counts for; its identity still feeds the cache hash. */
export const OPAQUE_PART_TOKENS = 85;

// Text that happens to contain "<|endoftext|>" is ordinary text to the providers.
const ENCODE_OPTIONS = { disallowedSpecial: new Set<string>() };
const memo = new BoundedLru<string, readonly number[]>(20_000, 16_000_000);
const EMPTY: readonly number[] = Object.freeze([]);

export function encodeText(text: string): readonly number[] {
  if (text.length === 0) return EMPTY;
  const cached = memo.get(text);
  if (cached !== undefined) return cached;
  const tokens = Object.freeze(encode(text, ENCODE_OPTIONS));
  memo.set(text, tokens, text.length + 64);
  return tokens;
}

export function countTokens(text: string): number {
  return encodeText(text).length;
}

export function decodeTokens(tokens: readonly number[]): string {
  return decode(tokens);
}

/** Cuts text to at most `limit` tokens without splitting a UTF-8 character. */
export function truncateToTokens(text: string, limit: number): string {
  const tokens = encodeText(text);
  if (tokens.length <= limit) return text;
  let cut = decode(tokens.slice(0, Math.max(0, limit)));
  while (cut.endsWith('\uFFFD')) cut = cut.slice(0, -1);
  return cut;
}

/** Splits text into stream fragments of `tokensPerFragment` tokens, never inside a character. */
export function splitIntoTokenFragments(text: string, tokensPerFragment: number): string[] {
  const tokens = encodeText(text);
  const fragments: string[] = [];
  let start = 0;
  while (start < tokens.length) {
    let end = Math.min(tokens.length, start + tokensPerFragment);
    let fragment = decode(tokens.slice(start, end));
    while (fragment.includes('\uFFFD') && end < tokens.length) {
      end++;
      fragment = decode(tokens.slice(start, end));
    }
    fragments.push(fragment);
    start = end;
  }
  return fragments;
}

const OVERHEAD_TOKEN = -1;
const OPAQUE_TOKEN = -2;

/**
 * A prompt as the ordered runs of tokens a provider would see, kept as runs (no concatenation)
 * so that counting stays cheap and prefix hashes can be taken at any position.
 */
export class TokenSequence {
  private readonly runs: Array<readonly number[]> = [];
  private readonly marks: number[] = [];
  private total = 0;
  private opaque = 0;

  /** Tokens that stand for parts the tokenizer cannot see (images, audio, files). */
  get opaqueTokens(): number {
    return this.opaque;
  }

  get length(): number {
    return this.total;
  }

  /** Positions recorded by markBoundary(), ascending: where messages or parts end. */
  get boundaries(): readonly number[] {
    return this.marks;
  }

  markBoundary(): void {
    if (this.marks[this.marks.length - 1] !== this.total) this.marks.push(this.total);
  }

  pushText(text: string): void {
    this.pushTokens(encodeText(text));
  }

  pushTokens(tokens: readonly number[]): void {
    if (tokens.length === 0) return;
    this.runs.push(tokens);
    this.total += tokens.length;
  }

  pushOverhead(count: number): void {
    this.pushTokens(new Array<number>(count).fill(OVERHEAD_TOKEN));
  }

  /** A part the tokenizer cannot see (an image): a fixed count, its identity kept for prefix matching. */
  pushOpaque(identity: number, count: number = OPAQUE_PART_TOKENS): void {
    const tokens = new Array<number>(count).fill(OPAQUE_TOKEN);
    tokens[0] = identity;
    this.pushTokens(tokens);
    this.opaque += count;
  }

  /**
   * Hashes of the prefixes ending at each of `positions` (ascending, each <= length), as strings
   * fit for map keys. Two 32-bit FNV-style lanes keep accidental collisions out of reach.
   */
  prefixHashes(positions: readonly number[]): string[] {
    const hashes: string[] = [];
    let first = 0x811c9dc5;
    let second = 0x01000193;
    let seen = 0;
    let wanted = 0;
    const record = (): void => {
      while (wanted < positions.length && positions[wanted] === seen) {
        hashes.push(`${seen}:${(first >>> 0).toString(36)}${(second >>> 0).toString(36)}`);
        wanted++;
      }
    };
    record();
    for (const run of this.runs) {
      for (const token of run) {
        if (wanted >= positions.length) return hashes;
        first = Math.imul(first ^ token, 16777619);
        second = Math.imul(second ^ (token + 0x9e3779b9), 2246822519);
        second ^= second >>> 15;
        seen++;
        record();
      }
    }
    return hashes;
  }
}
