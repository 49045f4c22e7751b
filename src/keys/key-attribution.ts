/**
 * What a key says about who is calling. The key's user and team are facts a client cannot override (a header
 * claiming another team would let it spend that team's budget); feature, tags and region are the key's
 * defaults for requests that name none.
 */
import type { Attribution } from '../core/request-metadata.js';
import type { VirtualKey } from './virtual-key.js';

export function attributionWithKey(attribution: Attribution, key: VirtualKey): Attribution {
  const merged: Attribution = { ...attribution, keyId: key.id, tags: attribution.tags.length > 0 ? attribution.tags : [...key.tags] };
  if (key.user !== null) merged.user = key.user;
  if (key.team !== null) merged.team = key.team;
  if (merged.feature === undefined && key.feature !== null) merged.feature = key.feature;
  return merged;
}

/** The region a request runs in: its own `x-tollgate-region`, else the key's. */
export function regionWithKey(region: string | undefined, key: VirtualKey): string | undefined {
  return region ?? key.region ?? undefined;
}
