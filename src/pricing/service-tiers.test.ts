import { describe, expect, it } from 'vitest';
import { decimalToString, parseDecimal } from '../core/money.js';
import type { PriceCard } from './price-card.js';
import { ServiceTierBook, normalizeServiceTier, scaleTokenPrices } from './service-tiers.js';

const card: PriceCard = {
  source: { kind: 'config', path: 'test' },
  modelId: 'gpt-4.1',
  inputPerMTok: parseDecimal('2'),
  cacheReadPerMTok: parseDecimal('0.5'),
  outputPerMTok: parseDecimal('8'),
  perThousandWebSearches: parseDecimal('10'),
  longContext: [{ thresholdTokens: 100, card: { inputPerMTok: parseDecimal('4'), outputPerMTok: parseDecimal('12') } }],
};

describe('normalizeServiceTier', () => {
  it.each([
    [undefined, 'standard'],
    ['', 'standard'],
    ['default', 'standard'],
    ['auto', 'standard'],
    ['Standard', 'standard'],
    ['on_demand', 'standard'],
    ['flex', 'flex'],
    ['SERVICE_TIER_PRIORITY', 'priority'],
    ['batch', 'batch'],
    ['scale', 'scale'],
  ])('%s → %s', (tier, expected) => {
    expect(normalizeServiceTier(tier)).toBe(expected);
  });
});

describe('ServiceTierBook', () => {
  const tiers = new ServiceTierBook();

  it('halves token prices exactly, leaves fees alone, and halves long-context tiers', () => {
    const flex = tiers.apply(card, 'openai', 'gpt-4.1', 'flex').card;
    expect([flex.inputPerMTok, flex.cacheReadPerMTok, flex.outputPerMTok, flex.perThousandWebSearches].map((price) => price && decimalToString(price))).toEqual(['1', '0.25', '4', '10']);
    expect(flex.longContext?.[0]?.card.inputPerMTok && decimalToString(flex.longContext[0].card.inputPerMTok)).toBe('2');
  });

  it('uses the priority table for dated snapshots of listed models', () => {
    const priority = tiers.apply(card, 'openai', 'gpt-4.1-2025-04-14', 'priority');
    expect(priority.isEstimated).toBe(false);
    expect([priority.card.inputPerMTok, priority.card.cacheReadPerMTok, priority.card.outputPerMTok].map((price) => price && decimalToString(price))).toEqual(['3.5', '0.875', '14']);
  });

  it('an unknown tier is standard, estimated, with the config path to fix it', () => {
    const scale = tiers.apply(card, 'openai', 'gpt-4.1', 'scale');
    expect(scale.card).toBe(card);
    expect(scale.isEstimated).toBe(true);
    expect(scale.warnings[0]).toContain('pricing.serviceTierRules.openai.scale');
  });

  it('memoises per card and tier', () => {
    expect(tiers.apply(card, 'openai', 'gpt-4.1', 'batch')).toBe(tiers.apply(card, 'openai', 'gpt-4.1', 'batch'));
  });

  it('multiplies without float error', () => {
    const { longContext: _tiers, ...flat } = card;
    const odd: PriceCard = { ...flat, inputPerMTok: parseDecimal('0.15') };
    expect(decimalToString(scaleTokenPrices(odd, parseDecimal('0.5')).inputPerMTok ?? parseDecimal('0'))).toBe('0.075');
  });
});
