/** Who and what caused a request: the attribution every ledger record and budget reads. */

export type LatencyTier = 'instant' | 'standard' | 'deferred';

export const LATENCY_TIERS: readonly LatencyTier[] = ['instant', 'standard', 'deferred'];

export interface Attribution {
  user?: string;
  team?: string;
  feature?: string;
  tags: string[];
  task?: string;
  /** Id of the virtual key used, never the secret itself. */
  keyId?: string;
}

export interface RequestMetadata {
  requestId: string;
  receivedAt: Date;
  attribution: Attribution;
  tier: LatencyTier;
  region?: string;
  /** The client's wire dialect. */
  dialect: 'openai' | 'anthropic';
}
