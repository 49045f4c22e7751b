import { describe, expect, it } from 'vitest';
import { attributionWithKey, regionWithKey } from './key-attribution.js';
import type { VirtualKey } from './virtual-key.js';

const key: VirtualKey = {
  id: 'key_abc', name: null, prefix: 'tg_AbCd1234', user: 'svc-user', team: 'support', feature: 'support-bot', tags: ['prod'], region: 'eu',
  allowedRoutes: null, allowedModels: null, budgetPico: null, budgetPeriod: null, maxCostPerRequestPico: null, rpm: null, tpm: null,
  createdAt: new Date(0), revokedAt: null, expiresAt: null, previousPrefix: null, previousExpiresAt: null,
};

describe('attributionWithKey', () => {
  it('fixes user, team and key id; fills feature and tags only when the request names none', () => {
    expect(attributionWithKey({ user: 'claimed', team: 'other', tags: [] }, key)).toEqual({ user: 'svc-user', team: 'support', feature: 'support-bot', tags: ['prod'], keyId: 'key_abc' });
    expect(attributionWithKey({ feature: 'summarize', tags: ['beta'], task: 't1' }, key)).toEqual({ user: 'svc-user', team: 'support', feature: 'summarize', tags: ['beta'], task: 't1', keyId: 'key_abc' });
  });

  it('leaves user and team to the request when the key has none', () => {
    expect(attributionWithKey({ user: 'end-user-7', tags: [] }, { ...key, user: null, team: null })).toMatchObject({ user: 'end-user-7', keyId: 'key_abc' });
  });

  it('uses the key\'s region unless the request names one', () => {
    expect(regionWithKey(undefined, key)).toBe('eu');
    expect(regionWithKey('us', key)).toBe('us');
  });
});
