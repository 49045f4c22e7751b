import { describe, expect, it } from 'vitest';
import { parseUsd } from '../core/money.js';
import { checkCostCaps, costCapsFor } from './cost-cap.js';

describe('checkCostCaps', () => {
  const caps = costCapsFor({
    key: { id: 'key_1', maxCostPerRequestPico: parseUsd('0.10') },
    route: { name: 'smart', maxCostPerRequest: parseUsd('0.05'), downgradeTo: 'economy' },
    feature: { name: 'summarize', maxCostPerRequest: parseUsd('0.02') },
  });

  it('gathers the caps of key, route and feature', () => {
    expect(caps.map((cap) => [cap.source, cap.name])).toEqual([['key', 'key_1'], ['route', 'smart'], ['feature', 'summarize']]);
    expect(costCapsFor({ key: { id: 'k', maxCostPerRequestPico: null }, route: { name: 'r' } })).toEqual([]);
  });

  it('admits an estimate at or under every cap', () => {
    expect(checkCostCaps(parseUsd('0.02'), caps, 'openai/gpt-4o')).toEqual({ status: 'ok' });
  });

  it('refuses with 402 naming the cap, its limit and the estimate', () => {
    const decision = checkCostCaps(parseUsd('0.0345'), caps, 'openai/gpt-4o');
    expect(decision.status).toBe('reject');
    if (decision.status !== 'reject') return;
    expect(decision.cap.name).toBe('summarize');
    expect(decision.error.status).toBe(402);
    expect(decision.error.code).toBe('cost_cap_exceeded');
    expect(decision.error.message).toContain('may cost up to $0.0345, over the $0.02 per-request cap of feature "summarize" (features.summarize.maxCostPerRequest)');
  });

  it('downgrades when only a downgrading cap is exceeded, and refusal wins over downgrade', () => {
    const routeOnly = costCapsFor({ route: { name: 'smart', maxCostPerRequest: parseUsd('0.05'), downgradeTo: 'economy' }, key: { id: 'key_1', maxCostPerRequestPico: parseUsd('1') } });
    expect(checkCostCaps(parseUsd('0.06'), routeOnly, 'm')).toMatchObject({ status: 'downgrade', downgradeTo: 'economy' });
    expect(checkCostCaps(parseUsd('2'), routeOnly, 'm')).toMatchObject({ status: 'reject', cap: { source: 'key' } });
  });

  it('refuses a model without a price when a cap applies, and ignores prices when none does', () => {
    const decision = checkCostCaps(null, caps, 'acme/mystery');
    expect(decision.status === 'reject' && decision.error.code).toBe('unpriced_model');
    expect(decision.status === 'reject' && decision.error.message).toContain('model "acme/mystery" has no price');
    expect(checkCostCaps(null, [], 'acme/mystery')).toEqual({ status: 'ok' });
  });
});
