/**
 * Geographic routing: a route may require or prefer a region. The policy names a region, or
 * `request` for the region the request carries (x-tollgate-region; no effect when it carries none).
 * A target's region is its provider's `region`; `eu` matches `eu` and `eu-west-1`.
 */
import type { ExcludedTarget } from './route-plan.js';
import type { Target } from './target.js';

export interface RegionPolicy {
  require?: string;
  prefer?: string;
}

export const REQUEST_REGION = 'request';

export function applyRegionPolicy(
  targets: readonly Target[],
  policy: RegionPolicy | undefined,
  requestRegion: string | undefined,
): { targets: Target[]; excluded: ExcludedTarget[] } {
  const required = resolve(policy?.require, requestRegion);
  const preferred = resolve(policy?.prefer, requestRegion);
  let kept = [...targets];
  const excluded: ExcludedTarget[] = [];
  if (required !== undefined) {
    kept = [];
    for (const target of targets) {
      if (isInRegion(target, required)) kept.push(target);
      else excluded.push({ target, reason: 'region', message: `${target.ref} is in ${target.provider.account.region ?? 'no declared region'}, not ${required}` });
    }
  }
  if (preferred !== undefined) kept = [...kept.filter((target) => isInRegion(target, preferred)), ...kept.filter((target) => !isInRegion(target, preferred))];
  return { targets: kept, excluded };
}

export function isInRegion(target: Target, region: string): boolean {
  const own = target.provider.account.region?.toLowerCase();
  const wanted = region.toLowerCase();
  return own !== undefined && (own === wanted || own.startsWith(`${wanted}-`));
}

function resolve(value: string | undefined, requestRegion: string | undefined): string | undefined {
  return value === REQUEST_REGION ? requestRegion : value;
}
