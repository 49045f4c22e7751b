/**
 * Turns the `model` a client asked for into an ordered list of targets: a route (expanded by its
 * strategy, nested routes included), `provider/model`, or a bare model one provider serves.
 * Targets whose context window cannot hold the request, or outside a required region, are left
 * out; health, cooldowns and concurrency are run-attempts.ts's business, at call time.
 */
import { TollgateError } from '../core/errors.js';
import type { RouteConfig, TollgateConfig } from '../config/schema.js';
import { cheapestOrder } from './cheapest-order.js';
import { filterByContextWindow } from './context-window-filter.js';
import { applyRegionPolicy } from './region-policy.js';
import type { RouteContext } from './route-context.js';
import type { ExcludedTarget, RoutePlan, RouteReliability, RouteTimeouts } from './route-plan.js';
import { matchesCondition } from './match-condition.js';
import { createMemoryRoutingRuntime, type RoutingRuntime } from './routing-runtime.js';
import { makeTarget, type ProviderEntry, type Target } from './target.js';
import { weightedOrder } from './weighted-order.js';

export interface RouterOptions {
  routes: TollgateConfig['routes'];
  providers: ReadonlyMap<string, ProviderEntry>;
  /** Whether the price catalog knows `model` for a provider type (bare names served by catalog). */
  catalogServes: (providerType: string, model: string) => boolean;
  /** The catalog's context window of a target's model, in tokens; undefined when unknown. */
  contextWindowOf?: (target: Target) => number | undefined;
  /** Per-route fallback classes and hedging, by route name. */
  routeReliability?: Readonly<Record<string, RouteReliability>>;
  /** Health, concurrency and latency state; a fresh in-memory one when absent. */
  runtime?: RoutingRuntime;
  random?: () => number;
}

export class Router {
  private readonly random: () => number;
  /** Shared with run-attempts (through the server) and with GET /admin/health. */
  readonly runtime: RoutingRuntime;

  constructor(private readonly options: RouterOptions) {
    this.random = options.random ?? Math.random;
    this.runtime = options.runtime ?? createMemoryRoutingRuntime();
  }

  plan(requested: string, context: RouteContext): RoutePlan {
    const route = this.options.routes[requested];
    if (!route) return { requested, route: null, candidates: [this.targetForModel(requested)], timeouts: {}, retries: 0 };
    const expansion = this.expandRoute(requested, route, context, []);
    const fitting = filterByContextWindow(dedupe(expansion.targets), this.options.contextWindowOf ? context.inputTokens?.() : undefined, this.options.contextWindowOf);
    const excluded = [...expansion.excluded, ...fitting.excluded];
    // A route left with no target because of this request says why; an empty route is a config matter (503 later).
    if (fitting.targets.length === 0 && excluded.length > 0) throw noCandidateError(requested, excluded);
    return {
      requested,
      route: expansion.route,
      candidates: fitting.targets,
      timeouts: expansion.timeouts,
      retries: route.retries ?? 0,
      ...expansion.reliability,
      ...(excluded.length > 0 ? { excluded } : {}),
    };
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
    return { route: trail[trail.length - 1] ?? null, targets: [this.targetForModel(reference)], timeouts: {}, reliability: {}, excluded: [] };
  }

  /**
   * A rule's `estimatedCostUsd` is the request's estimated cost on the first target of the route's
   * default: what the request would cost if no rule moved it.
   */
  private ruleContext(route: RouteConfig, context: RouteContext, path: string[]): RouteContext {
    const estimate = context.estimateCostPico;
    const fallback = route.default;
    if (!estimate || !fallback || context.estimatedCostPico) return context;
    let memo: { value: bigint | undefined } | undefined;
    return {
      ...context,
      estimatedCostPico: () => {
        if (!memo) {
          const first = this.expandReference(fallback, context, path).targets[0];
          memo = { value: first ? estimate(first) : undefined };
        }
        return memo.value;
      },
    };
  }

  private expandRoute(name: string, route: RouteConfig, context: RouteContext, trail: string[]): Expansion {
    const path = [...trail, name];
    const timeouts: RouteTimeouts = { ...route.timeouts };
    const reliability: RouteReliability = { ...this.options.routeReliability?.[name] };
    if (route.strategy === 'conditional') {
      const ruleContext = this.ruleContext(route, context, path);
      const rule = (route.rules ?? []).find((candidate) => matchesCondition(candidate.when, ruleContext));
      const chosen = rule?.use ?? route.default;
      if (!chosen) throw new TollgateError('no_healthy_target', `route "${name}" matched no rule and has no default`);
      const inner = this.expandReference(chosen, context, path);
      const placed = applyRegionPolicy(inner.targets, route.region, context.region);
      return {
        route: inner.route ?? name,
        targets: placed.targets,
        timeouts: { ...timeouts, ...inner.timeouts },
        reliability: { ...reliability, ...inner.reliability },
        excluded: [...inner.excluded, ...placed.excluded],
      };
    }
    const references = route.targets.map((target) => (typeof target === 'string' ? { target, weight: 1 } : target));
    const ordered = route.strategy === 'weighted' ? weightedOrder(references, this.random) : references;
    let targets: Target[] = [];
    const excluded: ExcludedTarget[] = [];
    for (const reference of ordered) {
      const inner = this.expandReference(reference.target, context, path);
      targets.push(...inner.targets);
      excluded.push(...inner.excluded);
    }
    targets = dedupe(targets);
    if (route.strategy === 'cheapest') targets = cheapestOrder(targets, context.estimateCostPico);
    if (route.strategy === 'fastest') targets = this.runtime.latency.fastestOrder(targets, this.random, context.isStreaming === false ? 'total' : 'firstToken');
    const placed = applyRegionPolicy(targets, route.region, context.region);
    return { route: name, targets: placed.targets, timeouts, reliability, excluded: [...excluded, ...placed.excluded] };
  }
}

interface Expansion {
  route: string | null;
  targets: Target[];
  timeouts: RouteTimeouts;
  reliability: RouteReliability;
  excluded: ExcludedTarget[];
}

function noCandidateError(requested: string, excluded: readonly ExcludedTarget[]): TollgateError {
  const reasons = excluded.map((entry) => entry.message).join('; ');
  if (excluded.length > 0 && excluded.every((entry) => entry.reason === 'context_window')) {
    return new TollgateError('context_length_exceeded', `the request is too long for every target of "${requested}": ${reasons}. Shorten it, or route it to a model with a larger context window.`, {
      param: 'messages',
      isRetryable: false,
    });
  }
  return new TollgateError('invalid_request', `no target of "${requested}" can take this request: ${reasons}.`, { param: 'model', isRetryable: false });
}

function dedupe(targets: Target[]): Target[] {
  const seen = new Set<string>();
  return targets.filter((target) => (seen.has(target.ref) ? false : (seen.add(target.ref), true)));
}
