/** A virtual key as Tollgate issues it: who it belongs to, what it may use, and its own budget and limits. */

export interface VirtualKey {
  /** `key_…`: what the ledger, budgets (`scope: { key }`) and logs name; never the secret. */
  id: string;
  name: string | null;
  /** Public start of the current secret (`tg_AbCd1234`), to tell keys apart in listings; useless without the rest. */
  prefix: string;
  user: string | null;
  team: string | null;
  /** Defaults for requests that name none. */
  feature: string | null;
  tags: string[];
  region: string | null;
  /** Routes the key may ask for; null: any route (unless `allowedModels` alone is set, see isAllowed). */
  allowedRoutes: string[] | null;
  /** Models the key may ask for directly (`provider/model`, a bare model, or `provider/*`); null: any. */
  allowedModels: string[] | null;
  budgetPico: bigint | null;
  /** day, week, month, lifetime, or a rolling window such as "24h"; set whenever budgetPico is. */
  budgetPeriod: string | null;
  maxCostPerRequestPico: bigint | null;
  rpm: number | null;
  tpm: number | null;
  createdAt: Date;
  revokedAt: Date | null;
  expiresAt: Date | null;
  /** After a rotation with a grace period: the old secret's prefix and when it stops working. */
  previousPrefix: string | null;
  previousExpiresAt: Date | null;
}

export interface CreateKeyInput {
  name?: string;
  user?: string;
  team?: string;
  feature?: string;
  tags?: string[];
  region?: string;
  routes?: string[];
  models?: string[];
  budgetPico?: bigint;
  /** Default "month" when a budget is given. */
  budgetPeriod?: string;
  maxCostPerRequestPico?: bigint;
  rpm?: number;
  tpm?: number;
  expiresAt?: Date;
}

/** A key with the secret that was just made for it: shown once, never stored. */
export interface IssuedKey {
  key: VirtualKey;
  secret: string;
}
