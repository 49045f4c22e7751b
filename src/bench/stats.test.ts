import { describe, expect, it } from 'vitest';
import { median, pairedDifference, pairedRatio, percentileOf, spreadOf } from './stats.js';

describe('median and spread', () => {
  it.each([
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
    [[7], 7],
  ])('median of %j is %d', (values, expected) => {
    expect(median(values)).toBe(expected);
  });

  it('is NaN with no values, rather than a made-up zero', () => {
    expect(median([])).toBeNaN();
    expect(spreadOf([]).median).toBeNaN();
  });

  it('keeps every round and ignores rounds that produced no number', () => {
    expect(spreadOf([5, Number.NaN, 1, 3])).toEqual({ median: 3, min: 1, max: 5, values: [5, Number.NaN, 1, 3] });
  });
});

describe('paired comparisons', () => {
  it('divides round by round, so a slow round slows both sides alike', () => {
    const ratio = pairedRatio([600, 300, 900], [1000, 500, 1000]);
    expect(ratio.values).toEqual([0.6, 0.6, 0.9]);
    expect(ratio.median).toBe(0.6);
  });

  it('subtracts round by round', () => {
    expect(pairedDifference([1.5, 2, 1], [1, 1, 1]).values).toEqual([0.5, 1, 0]);
  });

  it('gives NaN for a round whose baseline is zero', () => {
    expect(pairedRatio([1], [0]).values[0]).toBeNaN();
  });
});

describe('percentileOf', () => {
  it('uses the nearest rank', () => {
    const samples = Array.from({ length: 100 }, (_, index) => index + 1);
    expect(percentileOf(samples, 50)).toBe(50);
    expect(percentileOf(samples, 99)).toBe(99);
    expect(percentileOf(samples, 100)).toBe(100);
    expect(percentileOf([9, 1], 0)).toBe(1);
  });
});
