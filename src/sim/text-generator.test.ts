import fc from 'fast-check';
import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import { createSeededRandom } from './seeded-random.js';
import { generateProsePieces } from './text-generator.js';

describe('generateProsePieces', () => {
  it('produces exactly the asked number of tokens, each piece one token', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 40 }), fc.integer({ min: 1, max: 400 }), (seed, count) => {
        const pieces = generateProsePieces(createSeededRandom(seed), count);
        expect(pieces).toHaveLength(count);
        expect(encode(pieces.join('')).length).toBe(count);
      }),
      { numRuns: 200 },
    );
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const first = generateProsePieces(createSeededRandom(7), 50).join('');
    expect(generateProsePieces(createSeededRandom(7), 50).join('')).toBe(first);
    expect(generateProsePieces(createSeededRandom(8), 50).join('')).not.toBe(first);
  });

  it('reads as sentences: capitalised start, ends on a full stop when there is room', () => {
    for (const count of [2, 5, 17, 64, 200]) {
      const text = generateProsePieces(createSeededRandom(count), count).join('');
      expect(text).toMatch(/^[A-Z]/);
      expect(text.endsWith('.')).toBe(true);
    }
  });
});
