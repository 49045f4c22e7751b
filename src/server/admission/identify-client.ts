/**
 * Who is calling, and what that adds to the request's attribution: a virtual key's user and team
 * override what the request claims; its feature, tags and region are defaults.
 */
import type { RequestMetadata } from '../../core/request-metadata.js';
import { attributionWithKey, regionWithKey, type VirtualKey } from '../../keys/index.js';
import { authenticate, type RequestHeaders } from '../auth/index.js';
import type { GatewayContext } from '../gateway-context.js';

export async function identifyClient(context: GatewayContext, headers: RequestHeaders): Promise<VirtualKey | undefined> {
  const { key } = await authenticate(headers, context.policy.keys, context.config.auth.mode);
  return key;
}

export function attributeToKey(meta: RequestMetadata, key: VirtualKey | undefined): void {
  if (!key) return;
  meta.attribution = { ...attributionWithKey(meta.attribution, key), keyId: key.id };
  const region = regionWithKey(meta.region, key);
  if (region !== undefined) meta.region = region;
}
