import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './retry-delay.js';

describe('retryDelayMs', () => {
  it.each([
    [0, 0], [1, 250], [2, 500], [3, 1_000], [7, 16_000], [8, 30_000], [50, 30_000],
  ])('after %i consecutive failures waits %i ms', (failures, expected) => {
    expect(retryDelayMs(failures)).toBe(expected);
  });
});
