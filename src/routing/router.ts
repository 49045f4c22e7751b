/**
 * Turns the `model` a client asked for into an ordered list of targets: a route (expanded by its
 * strategy, nested routes included), `provider/model`, or a bare model one provider serves.
 */
import { TollgateError } from '../core/errors.js';
import type { RouteConfig, TollgateConfig } from '../config/schema.js';
import type { RouteContext } from './route-context.js';
import type { RoutePlan, RouteTimeouts } from './route-plan.js';
import { matchesCondition } from './match-condition.js';
import { makeTarget, type ProviderEntry, type Target } from './target.js';
import { weightedOrder } from './weighted-order.js';

export interface RouterOptions {
  routes: TollgateConfig['routes'];
  providers: ReadonlyMap<string, ProviderEntry>;
  /** Whether the price catalog knows `model` for a provider type (bare names served by catalog). */
  catalogServes: (providerType: string, model: string) => boolean;
  random?: () => number;
}

export class Router {
  private readonly random: () => number;

  constructor(private readonly options: RouterOptions) {
    this.random = options.random ?? Math.random;
  }

  plan(requested: string, context: RouteContext): RoutePlan {
    const route = this.options.routes[requested];
    if (route) {
      const expansion = this.expandRoute(requested, route, context, []);
      return { requested, route: expansion.route, candidates: dedupe(expansion.targets), timeouts: expansion.timeouts, retries: route.retries ?? 0 };
    }
    return { requested, route: null, candidates: [this.targetForModel(requested)], timeouts: {}, retries: 0 };
  }

  /** `provider/model` or a bare model name → one target; throws 404 naming what is known. */
  targetForModel(model: string): Target {
    const slash = model.indexOf('/');
    if (slash > 0) {
      const provider = this.options.providers.get(model.slice(0, slash));
      if (provider) return makeTarget(provider, model.slice(slash + 1));
    }
    const servers = [...this.options.providers.values()].filter((provider) => this.serves(provider, model));
    if (servers.length === 1 && servers[0]) return makeTarget(servers[0], model);
    if (servers.length > 1) {
      throw new TollgateError(
        'invalid_request',
        `model "${model}" is served by several providers (${servers.map((provider) => provider.account.id).join(', ')}); ask for one as provider/model, e.g. "${servers[0]?.account.id}/${model}"`,
        { param: 'model', isRetryable: false },
      );
    }
    const routes = Object.keys(this.options.routes);
    const providers = [...this.options.providers.keys()];
    throw new TollgateError(
      'model_not_found',
      `unknown model "${model}": not a route (${routes.join(', ') || 'none configured'}), not provider/model for a configured provider (${providers.join(', ') || 'none'}), and no configured provider serves it by that name. GET /v1/models lists what is available.`,
      { param: 'model', isRetryable: false },
    );
  }

  private serves(provider: ProviderEntry, model: string): boolean {
    if (provider.listedModels) return provider.listedModels.includes(model) || provider.account.deployments?.[model] !== undefined;
    return provider.account.deployments?.[model] !== undefined || this.options.catalogServes(provider.account.type, model);
  }

  private expandReference(reference: string, context: RouteContext, trail: string[]): Expansion {
    const route = this.options.routes[reference];
    if (route && !reference.includes('/')) return this.expandRoute(reference, route, context, trail);
    return { route: trail[trail.length - 1] ?? null, targets: [this.targetForModel(reference)], timeouts: {} };
  }

  private expandRoute(name: string, route: RouteConfig, context: RouteContext, trail: string[]): Expansion {
    const path = [...trail, name];
    const timeouts: RouteTimeouts = { ...route.timeouts };
    if (route.strategy === 'conditional') {
      const rule = (route.rules ?? []).find((candidate) => matchesCondition(candidate.when, context));
      const chosen = rule?.use ?? route.default;
      if (!chosen) throw new TollgateError('no_healthy_target', `route "${name}" matched no rule and has no default`);
      const inner = this.expandReference(chosen, context, path);
      return { route: inner.route ?? name, targets: inner.targets, timeouts: { ...timeouts, ...inner.timeouts } };
    }
    const references = route.targets.map((target) => (typeof target === 'string' ? { target, weight: 1 } : target));
    const ordered = route.strategy === 'weighted' ? weightedOrder(references, this.random) : references;
    const targets: Target[] = [];
    for (const reference of ordered) targets.push(...this.expandReference(reference.target, context, path).targets);
    return { route: name, targets, timeouts };
  }
}

interface Expansion {
  route: string | null;
  targets: Target[];
  timeouts: RouteTimeouts;
}

function dedupe(targets: Target[]): Target[] {
  const seen = new Set<string>();
  return targets.filter((target) => (seen.has(target.ref) ? false : (seen.add(target.ref), true)));
}
