/**
 * Per-request cost caps (`maxCostPerRequest` on a virtual key, a route or a feature): a request whose
 * pre-flight worst case is above a cap is refused, or sent to a cheaper route, before any provider call.
 * Pure: the caller supplies the estimate and the caps.
 */
import { formatUsd } from '../core/money.js';
import { TollgateError } from '../core/errors.js';

export type CostCapSource = 'key' | 'route' | 'feature';

export interface CostCap {
  source: CostCapSource;
  /** The key id, route name or feature name the cap belongs to. */
  name: string;
  limitPico: bigint;
  /** Serve from this route instead of refusing (proposed config `onExceed: { downgradeTo }`); absent: refuse. */
  downgradeTo?: string;
}

export type CostCapDecision =
  | { status: 'ok' }
  | { status: 'reject'; cap: CostCap; error: TollgateError }
  | { status: 'downgrade'; cap: CostCap; downgradeTo: string };

export interface CostCapSources {
  key?: { id: string; maxCostPerRequestPico: bigint | null };
  route?: { name: string; maxCostPerRequest?: bigint | undefined; downgradeTo?: string };
  feature?: { name: string; maxCostPerRequest?: bigint | undefined; downgradeTo?: string };
}

/** The caps that apply to a request, from its key, the route it asked for and its feature. */
export function costCapsFor(sources: CostCapSources): CostCap[] {
  const caps: CostCap[] = [];
  if (sources.key?.maxCostPerRequestPico != null) caps.push({ source: 'key', name: sources.key.id, limitPico: sources.key.maxCostPerRequestPico });
  for (const source of ['route', 'feature'] as const) {
    const entry = sources[source];
    if (entry?.maxCostPerRequest === undefined) continue;
    const cap: CostCap = { source, name: entry.name, limitPico: entry.maxCostPerRequest };
    if (entry.downgradeTo !== undefined) cap.downgradeTo = entry.downgradeTo;
    caps.push(cap);
  }
  return caps;
}

/**
 * Checks the worst-case estimate (null: the model has no price) against every cap. A refusing cap wins over
 * a downgrading one; among those, the lowest cap is named.
 */
export function checkCostCaps(estimatePico: bigint | null, caps: readonly CostCap[], model: string): CostCapDecision {
  if (caps.length === 0) return { status: 'ok' };
  const lowest = [...caps].sort((left, right) => (left.limitPico < right.limitPico ? -1 : left.limitPico > right.limitPico ? 1 : 0));
  if (estimatePico === null) {
    const cap = lowest[0] as CostCap;
    return {
      status: 'reject',
      cap,
      error: new TollgateError(
        'unpriced_model',
        `model "${model}" has no price, so Tollgate cannot hold it to the $${formatUsd(cap.limitPico)} per-request cap of ${describeCap(cap)}. Give it a price in pricing.overrides or use a priced model.`,
        { param: 'model', isRetryable: false },
      ),
    };
  }
  const exceeded = lowest.filter((cap) => estimatePico > cap.limitPico);
  const refusing = exceeded.find((cap) => cap.downgradeTo === undefined);
  if (refusing) return { status: 'reject', cap: refusing, error: costCapError(estimatePico, refusing) };
  const downgrading = exceeded[0];
  if (downgrading?.downgradeTo !== undefined) return { status: 'downgrade', cap: downgrading, downgradeTo: downgrading.downgradeTo };
  return { status: 'ok' };
}

function costCapError(estimatePico: bigint, cap: CostCap): TollgateError {
  return new TollgateError(
    'cost_cap_exceeded',
    `this request may cost up to $${formatUsd(estimatePico)}, over the $${formatUsd(cap.limitPico)} per-request cap of ${describeCap(cap)}. ` +
      'Set a lower max_tokens or send less input, or raise the cap.',
    { isRetryable: false, headers: { 'x-tollgate-cost-cap': `${cap.source}:${cap.name}` } },
  );
}

function describeCap(cap: CostCap): string {
  switch (cap.source) {
    case 'key':
      return `virtual key ${cap.name}`;
    case 'route':
      return `route "${cap.name}" (routes.${cap.name}.maxCostPerRequest)`;
    case 'feature':
      return `feature "${cap.name}" (features.${cap.name}.maxCostPerRequest)`;
  }
}
