import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import { countTokens, encodeText, splitIntoTokenFragments, TokenSequence, truncateToTokens } from './tokens.js';

describe('token counting', () => {
  it('matches gpt-tokenizer o200k_base, memoised or not', () => {
    const text = 'The quick brown fox jumps over the lazy dog, twice. Ünïcödé and emoji 🎉 too.';
    expect(encodeText(text)).toEqual(encode(text));
    expect(countTokens(text)).toBe(encode(text).length);
    expect(encodeText(text)).toBe(encodeText(text));
  });

  it('treats special-token text as ordinary text instead of throwing', () => {
    expect(countTokens('before <|endoftext|> after')).toBeGreaterThan(3);
  });

  it('truncates to a token limit without breaking characters', () => {
    const text = 'emoji 🎉🎉🎉 and more words after them';
    const cut = truncateToTokens(text, 3);
    expect(text.startsWith(cut)).toBe(true);
    expect(countTokens(cut)).toBeLessThanOrEqual(3);
    expect(cut).not.toContain('\uFFFD');
    expect(truncateToTokens(text, 1000)).toBe(text);
  });

  it('splits into fragments that join back to the text', () => {
    const text = '{"city":"Zürich","days":[1,2,3],"note":"🎉 party"}';
    const fragments = splitIntoTokenFragments(text, 2);
    expect(fragments.join('')).toBe(text);
    expect(fragments.length).toBeGreaterThan(3);
    for (const fragment of fragments) expect(fragment).not.toContain('\uFFFD');
  });
});

describe('TokenSequence', () => {
  it('counts runs, overhead and opaque parts', () => {
    const sequence = new TokenSequence();
    sequence.pushOverhead(3);
    sequence.pushText('hello world');
    sequence.pushOpaque(42, 85);
    expect(sequence.length).toBe(3 + encode('hello world').length + 85);
  });

  it('gives equal prefix hashes for equal prefixes and different ones after a divergence', () => {
    const first = new TokenSequence();
    first.pushText('shared beginning of the prompt');
    first.pushText(' then one ending');
    const second = new TokenSequence();
    second.pushText('shared beginning of the prompt');
    second.pushText(' then another, different ending');
    const shared = encode('shared beginning of the prompt').length;
    const [firstShared, firstLonger] = first.prefixHashes([shared, shared + 2]);
    const [secondShared, secondLonger] = second.prefixHashes([shared, shared + 2]);
    expect(firstShared).toBe(secondShared);
    expect(firstLonger).not.toBe(secondLonger);
  });

  it('tells images apart by identity even at the same count', () => {
    const first = new TokenSequence();
    first.pushOpaque(1);
    const second = new TokenSequence();
    second.pushOpaque(2);
    expect(first.prefixHashes([85])).not.toEqual(second.prefixHashes([85]));
  });
});
