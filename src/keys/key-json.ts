/** The JSON shape of a key for the admin API and `tollgate keys --json`: money as exact decimal strings, never a secret. */
import { formatUsd } from '../core/money.js';
import type { VirtualKey } from './virtual-key.js';

export interface VirtualKeyJson {
  id: string;
  name: string | null;
  prefix: string;
  status: 'active' | 'revoked' | 'expired';
  user: string | null;
  team: string | null;
  feature: string | null;
  tags: string[];
  region: string | null;
  routes: string[] | null;
  models: string[] | null;
  budgetUsd: string | null;
  budgetPeriod: string | null;
  maxCostPerRequest: string | null;
  rpm: number | null;
  tpm: number | null;
  createdAt: string;
  revokedAt: string | null;
  expiresAt: string | null;
  /** While a rotation's grace period runs: the old secret's prefix and when it stops working. */
  previousPrefix: string | null;
  previousExpiresAt: string | null;
}

export function keyStatus(key: VirtualKey, nowMs: number): VirtualKeyJson['status'] {
  if (key.revokedAt !== null) return 'revoked';
  if (key.expiresAt !== null && key.expiresAt.getTime() <= nowMs) return 'expired';
  return 'active';
}

export function keyToJson(key: VirtualKey, nowMs: number): VirtualKeyJson {
  const isPreviousLive = key.previousExpiresAt !== null && key.previousExpiresAt.getTime() > nowMs;
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    status: keyStatus(key, nowMs),
    user: key.user,
    team: key.team,
    feature: key.feature,
    tags: key.tags,
    region: key.region,
    routes: key.allowedRoutes,
    models: key.allowedModels,
    budgetUsd: key.budgetPico === null ? null : formatUsd(key.budgetPico),
    budgetPeriod: key.budgetPeriod,
    maxCostPerRequest: key.maxCostPerRequestPico === null ? null : formatUsd(key.maxCostPerRequestPico),
    rpm: key.rpm,
    tpm: key.tpm,
    createdAt: key.createdAt.toISOString(),
    revokedAt: key.revokedAt?.toISOString() ?? null,
    expiresAt: key.expiresAt?.toISOString() ?? null,
    previousPrefix: isPreviousLive ? key.previousPrefix : null,
    previousExpiresAt: isPreviousLive ? (key.previousExpiresAt?.toISOString() ?? null) : null,
  };
}
