import { describe, expect, it } from 'vitest';
import type { VirtualKey } from '../../keys/virtual-key.js';
import { assertAllowed, isAllowed } from './is-allowed.js';

function key(allowedRoutes: string[] | null, allowedModels: string[] | null): VirtualKey {
  return {
    id: 'key_test', name: null, prefix: 'tg_AbCd1234', user: null, team: null, feature: null, tags: [], region: null, allowedRoutes, allowedModels,
    budgetPico: null, budgetPeriod: null, maxCostPerRequestPico: null, rpm: null, tpm: null, createdAt: new Date(0), revokedAt: null, expiresAt: null,
    previousPrefix: null, previousExpiresAt: null,
  };
}

describe('isAllowed', () => {
  it('allows anything to a key without lists', () => {
    expect(isAllowed(key(null, null), 'smart', 'smart')).toBe(true);
    expect(isAllowed(key(null, null), 'openai/gpt-4o', undefined)).toBe(true);
  });

  it('limits routes to the listed ones and refuses direct models to a routes-only key', () => {
    const routesOnly = key(['economy'], null);
    expect(isAllowed(routesOnly, 'economy', 'economy')).toBe(true);
    expect(isAllowed(routesOnly, 'smart', 'smart')).toBe(false);
    expect(isAllowed(routesOnly, 'openai/gpt-4o-mini', undefined)).toBe(false);
    expect(isAllowed(key(['*'], null), 'smart', 'smart')).toBe(true);
  });

  it('matches models exactly, by provider wildcard, or by bare name at any provider', () => {
    const modelsOnly = key(null, ['openai/gpt-4o-mini', 'anthropic/*', 'gemini-2.5-flash']);
    expect(isAllowed(modelsOnly, 'openai/gpt-4o-mini', undefined)).toBe(true);
    expect(isAllowed(modelsOnly, 'openai/gpt-4o', undefined)).toBe(false);
    expect(isAllowed(modelsOnly, 'anthropic/claude-sonnet-4-5', undefined)).toBe(true);
    expect(isAllowed(modelsOnly, 'gemini/gemini-2.5-flash', undefined)).toBe(true);
    expect(isAllowed(modelsOnly, 'gemini/gemini-2.5-pro', undefined)).toBe(false);
    // A models-only key cannot reach other models through a route.
    expect(isAllowed(modelsOnly, 'smart', 'smart')).toBe(false);
  });

  it('throws 403 naming what the key may use', () => {
    expect(() => assertAllowed(key(['economy'], ['openai/*']), 'smart', 'smart')).toThrow('virtual key key_test may not use route "smart"; it may use routes "economy" and models "openai/*"');
  });
});
