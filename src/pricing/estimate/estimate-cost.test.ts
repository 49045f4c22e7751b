import { describe, expect, it } from 'vitest';
import { parseUsd } from '../../core/money.js';
import { PriceBook } from '../price-book.js';
import { estimateCost } from './estimate-cost.js';

const book = new PriceBook();
const at = new Date('2025-09-01T12:00:00Z');

describe('estimateCost', () => {
  it('prices expected tokens and is always an estimate', () => {
    // gpt-4o-mini: 10,000 in × $0.15 + 4,096 out × $0.60 per MTok.
    const cost = estimateCost(book, { providerType: 'openai', providerId: 'openai', model: 'gpt-4o-mini', inputTokens: 10_000, expectedOutputTokens: 4096, at });
    expect(cost.status).toBe('estimated');
    expect(cost.totalPico).toBe(parseUsd('0.0039576'));
    expect(cost.explanation[0]).toBe('estimate: 10,000 input tokens (0 cached), 4,096 expected output tokens');
  });

  it('takes expected cache hits and the service tier into account', () => {
    const cost = estimateCost(book, {
      providerType: 'openai',
      providerId: 'openai',
      model: 'gpt-4o-mini',
      inputTokens: 10_000,
      expectedCachedTokens: 8000,
      expectedOutputTokens: 200,
      serviceTier: 'flex',
      at,
    });
    expect(cost.totalPico).toBe(parseUsd('0.00051'));
  });

  it('stays unknown when nothing prices the model', () => {
    const cost = estimateCost(book, { providerType: 'qwen', providerId: 'qwen', model: 'qwen-max', inputTokens: 10, expectedOutputTokens: 10, at });
    expect(cost).toMatchObject({ status: 'unknown', totalPico: null });
  });

  it('uses the long-context price when the estimate crosses the threshold', () => {
    // gemini-2.5-pro above 200k: $2.50 in, $15 out.
    const cost = estimateCost(book, { providerType: 'gemini', providerId: 'gemini', model: 'gemini-2.5-pro', inputTokens: 250_000, expectedOutputTokens: 1000, at });
    expect(cost.totalPico).toBe(parseUsd('0.64'));
  });
});
