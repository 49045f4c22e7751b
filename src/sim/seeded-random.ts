/**
 * Deterministic randomness: the simulator's answers depend only on the request, so the same
 * prompt gives the same text whether it is asked for as a stream or not, today or tomorrow.
 */

/** A 53-bit string hash (cyrb53): fast, well spread, stable across runs. */
export function hashString(text: string, seed = 0): number {
  let first = 0xdeadbeef ^ seed;
  let second = 0x41c6ce57 ^ seed;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    first = Math.imul(first ^ code, 2654435761);
    second = Math.imul(second ^ code, 1597334677);
  }
  first = Math.imul(first ^ (first >>> 16), 2246822507);
  first ^= Math.imul(second ^ (second >>> 13), 3266489909);
  second = Math.imul(second ^ (second >>> 16), 2246822507);
  second ^= Math.imul(first ^ (first >>> 13), 3266489909);
  return 4294967296 * (2097151 & second) + (first >>> 0);
}

export interface SeededRandom {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both inclusive. */
  integer(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(probability: number): boolean;
}

/** sfc32, seeded from a (up to 53-bit) number. */
export function createSeededRandom(seed: number): SeededRandom {
  let a = seed >>> 0;
  let b = Math.floor(seed / 4294967296) >>> 0;
  let c = 0x9e3779b9;
  let d = 0x85ebca6b ^ a;
  const next = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let result = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    result = (result + d) | 0;
    c = (c + result) | 0;
    return (result >>> 0) / 4294967296;
  };
  // The first outputs of sfc32 are poorly mixed for small seeds.
  for (let warmUp = 0; warmUp < 12; warmUp++) next();
  return {
    next,
    integer(min, max) {
      return min + Math.floor(next() * (max - min + 1));
    },
    pick<T>(items: readonly T[]): T {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new RangeError('pick() needs a non-empty list');
      return item;
    },
    chance(probability) {
      return next() < probability;
    },
  };
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Ids are random per response, as the providers' are; they need not be cryptographic. */
export function randomIdPart(length: number, alphabet: string = ALPHANUMERIC): string {
  let text = '';
  for (let index = 0; index < length; index++) text += alphabet[Math.floor(Math.random() * alphabet.length)];
  return text;
}
