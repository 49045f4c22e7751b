/**
 * What a virtual key may ask for. `routes` lists the routes it may use, `models` the models it may ask for
 * directly (`provider/model`, a bare model name, or `provider/*`). With neither, anything; with only one of them,
 * only that kind: a key limited to two models cannot reach a third through a route.
 */
import { TollgateError } from '../../core/errors.js';
import type { VirtualKey } from '../../keys/virtual-key.js';

/**
 * `requestedModel` is the model field as resolved: a route name, or `provider/model` for a direct request.
 * `resolvedRoute` is the route's name when the request named one.
 */
export function isAllowed(key: VirtualKey, requestedModel: string, resolvedRoute: string | undefined): boolean {
  const { allowedRoutes: routes, allowedModels: models } = key;
  if (routes === null && models === null) return true;
  if (resolvedRoute !== undefined) return routes !== null && (routes.includes('*') || routes.includes(resolvedRoute));
  return models !== null && models.some((pattern) => modelMatches(pattern, requestedModel));
}

/** Throws 403 `permission_denied` naming what the key may use. */
export function assertAllowed(key: VirtualKey, requestedModel: string, resolvedRoute: string | undefined): void {
  if (isAllowed(key, requestedModel, resolvedRoute)) return;
  const allowed: string[] = [];
  if (key.allowedRoutes !== null) allowed.push(`routes ${list(key.allowedRoutes)}`);
  if (key.allowedModels !== null) allowed.push(`models ${list(key.allowedModels)}`);
  const asked = resolvedRoute !== undefined ? `route "${resolvedRoute}"` : `model "${requestedModel}"`;
  throw new TollgateError('permission_denied', `virtual key ${key.id} may not use ${asked}; it may use ${allowed.join(' and ')}`, { param: 'model', isRetryable: false });
}

function modelMatches(pattern: string, requested: string): boolean {
  if (pattern === '*' || pattern === requested) return true;
  if (pattern.endsWith('/*')) return requested.startsWith(pattern.slice(0, -1));
  // A bare pattern matches that model at any provider.
  if (!pattern.includes('/')) return requested.endsWith(`/${pattern}`);
  return false;
}

function list(items: readonly string[]): string {
  return items.length === 0 ? '(none)' : items.map((item) => `"${item}"`).join(', ');
}
