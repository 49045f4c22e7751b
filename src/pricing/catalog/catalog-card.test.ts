import { describe, expect, it } from 'vitest';
import type { ModelInfo } from '@pydantic/genai-prices';
import { decimalToString } from '../../core/money.js';
import type { CatalogPriceSource, PriceFields } from '../price-card.js';
import { cardFromModelPrice, catalogCardEntries } from './catalog-card.js';

const source: CatalogPriceSource = { kind: 'catalog', catalog: '@pydantic/genai-prices', version: '0.1.8', providerId: 'test', modelId: 'm' };
const model: ModelInfo = { id: 'm', match: { equals: 'm' }, prices: {} };

function text(fields: PriceFields): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).flatMap(([name, value]) => (value && typeof value === 'object' && 'units' in value ? [[name, decimalToString(value)]] : [])));
}

describe('cardFromModelPrice', () => {
  it('maps catalog keys onto card fields, per-thousand keys divided', () => {
    const card = cardFromModelPrice(
      { input_mtok: 3, cache_write_mtok: 3.75, cache_write_1h_mtok: 6, output_reasoning_mtok: 2, requests_kcount: 12, web_searches_kcount: 10, storage_searches_kcount: 2.5 },
      source,
      model,
    );
    expect(text(card)).toEqual({
      inputPerMTok: '3',
      cacheWrite5mPerMTok: '3.75',
      cacheWrite1hPerMTok: '6',
      reasoningPerMTok: '2',
      perRequest: '0.012',
      perThousandWebSearches: '10',
    });
  });

  it('turns tiered prices into complete long-context tiers, one per threshold', () => {
    const card = cardFromModelPrice(
      {
        input_mtok: { base: 1.25, tiers: [{ start: 200_000, price: 2.5 }] },
        output_mtok: { base: 10, tiers: [{ start: 500_000, price: 20 }, { start: 200_000, price: 15 }] },
        web_searches_kcount: 35,
      },
      source,
      model,
    );
    expect(text(card)).toMatchObject({ inputPerMTok: '1.25', outputPerMTok: '10', perThousandWebSearches: '35' });
    expect(card.longContext?.map((tier) => [tier.thresholdTokens, text(tier.card)])).toEqual([
      [200_000, { inputPerMTok: '2.5', outputPerMTok: '15', perThousandWebSearches: '35' }],
      [500_000, { inputPerMTok: '2.5', outputPerMTok: '20', perThousandWebSearches: '35' }],
    ]);
  });

  it('refuses malformed prices, naming them', () => {
    expect(() => cardFromModelPrice({ input_mtok: { base: 1, tiers: [{ start: -1, price: 2 }] } }, source, model)).toThrow(/test\/m input_mtok has a malformed tier/);
  });
});

describe('catalogCardEntries', () => {
  it('builds one card per conditional price with its constraint', () => {
    const entries = catalogCardEntries({
      providerId: 'deepseek',
      model: {
        id: 'deepseek-chat',
        match: { equals: 'deepseek-chat' },
        context_window: 64_000,
        prices: [
          { prices: { input_mtok: 0.135 } },
          { constraint: { type: 'time_of_date', start_time: '00:30:00Z', end_time: '16:30:00Z' }, prices: { input_mtok: 0.27 } },
        ],
      },
    });
    expect(entries.map((entry) => [entry.constraint?.type, entry.value.inputPerMTok && decimalToString(entry.value.inputPerMTok), entry.value.contextWindow])).toEqual([
      [undefined, '0.135', 64_000],
      ['time_of_day', '0.27', 64_000],
    ]);
    expect(entries[0]?.value.source).toEqual({ kind: 'catalog', catalog: '@pydantic/genai-prices', version: '0.1.8', providerId: 'deepseek', modelId: 'deepseek-chat' });
  });
});
